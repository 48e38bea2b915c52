import { createHash } from "crypto";

/** `sha256:<hex>` of a secret: what the emulator keeps instead of passwords and shows instead of user data. */
export function fingerprint(secret: string): string {
    return `sha256:${createHash("sha256").update(secret, "utf8").digest("hex")}`;
}
