import * as fs from "fs";
import * as path from "path";
import { CallRecord } from "./call-log";

/** Format version of the state file. */
export const STATE_FILE_VERSION = 1;

/** What the state file holds: each cloud's snapshot and the call log. */
export interface SavedState {
    version: number;
    savedAt: string;
    clouds: Record<string, unknown>;
    calls: CallRecord[];
}

/**
 * The emulator's state file (`--state-file`, `stateFile`): the world written after every request
 * and every modelled transition (atomically: a temporary file renamed over it), and read back at
 * start, so that an emulator killed and started again (even with SIGKILL) keeps its world, its
 * operations under way and its call log, as a cloud endpoint coming back after an outage would.
 * Injected faults are not kept. The file holds no password or user data (fingerprints only), but
 * it does hold the fixture's emulator credentials, as the fixture does.
 */
export class StateFile {
    constructor(readonly file: string) {}

    /** The saved state, or undefined when the file does not exist yet. Throws on an unreadable file. */
    read(): SavedState | undefined {
        let text: string;
        try {
            text = fs.readFileSync(this.file, "utf8");
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
            throw new Error(`cannot read state file ${this.file}: ${(e as Error).message}`);
        }
        let parsed: SavedState;
        try {
            parsed = JSON.parse(text) as SavedState;
        } catch (e) {
            throw new Error(`state file ${this.file} is not valid JSON: ${(e as Error).message}`);
        }
        if (parsed.version !== STATE_FILE_VERSION || typeof parsed.clouds !== "object" || !Array.isArray(parsed.calls)) {
            throw new Error(`state file ${this.file} is not an ecs-ops emulator state file of version ${STATE_FILE_VERSION}`);
        }
        return parsed;
    }

    /** Writes the state atomically. */
    write(state: Omit<SavedState, "version" | "savedAt">): void {
        const full: SavedState = { version: STATE_FILE_VERSION, savedAt: new Date().toISOString(), ...state };
        const tmp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.tmp`);
        fs.writeFileSync(tmp, JSON.stringify(full));
        fs.renameSync(tmp, this.file);
    }
}
