/** Which cloud a request was addressed to. */
export type CloudName = "alicloud" | "huaweicloud";

/** One API call as seen by the emulator, in arrival order. */
export interface CallRecord {
    cloud: CloudName;
    /** Alibaba `Action`, or the Huawei operation name (e.g. `ReinstallServerWithCloudInit`, `ShowJob`). */
    action: string;
    /** HTTP status answered. */
    status: number;
    /** Error code answered, or null on success. */
    code: string | null;
    /** Request id answered (Alibaba `RequestId`, Huawei `X-Request-Id`). */
    requestId: string;
    /** Time the call arrived, ISO 8601. */
    at: string;
    /**
     * The request's business parameters (Alibaba: query/form minus the signature envelope;
     * Huawei: the JSON body), with every secret value replaced by `"<redacted>"`.
     */
    params?: Record<string, unknown>;
}

/** The ordered record of calls served by `/_emulator/calls`. */
export class CallLog {
    private calls: CallRecord[] = [];

    record(call: CallRecord): void {
        this.calls.push(call);
    }

    list(): CallRecord[] {
        return [...this.calls];
    }

    clear(): void {
        this.calls = [];
    }
}
