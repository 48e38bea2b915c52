import * as fs from "fs";
import defaultAlicloud from "../fixtures/default-alicloud.json";
import defaultHuaweicloud from "../fixtures/default-huaweicloud.json";

/**
 * A fixture: the world the emulator starts with. Each cloud reads its own section;
 * the format of each section is documented in emulator/README.md.
 */
export interface Fixture {
    alicloud?: unknown;
    huaweicloud?: unknown;
}

/** The default fixture: a few instances in two Alibaba regions, Huawei servers in two states. */
export function defaultFixture(): Fixture {
    return structuredClone({ alicloud: defaultAlicloud, huaweicloud: defaultHuaweicloud });
}

/**
 * Resolves a fixture option: undefined → the default; a string → a JSON file path; an object → itself.
 * A section missing from a given fixture is taken from the default, so a test can override one cloud.
 */
export function loadFixture(fixture: string | Fixture | undefined): Fixture {
    if (fixture === undefined) return defaultFixture();
    let parsed: unknown = fixture;
    if (typeof fixture === "string") {
        let text: string;
        try {
            text = fs.readFileSync(fixture, "utf8");
        } catch (e) {
            throw new Error(`cannot read fixture file ${fixture}: ${(e as Error).message}`);
        }
        try {
            parsed = JSON.parse(text);
        } catch (e) {
            throw new Error(`fixture file ${fixture} is not valid JSON: ${(e as Error).message}`);
        }
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new Error("a fixture must be a JSON object with optional 'alicloud' and 'huaweicloud' sections");
    }
    const unknownKeys = Object.keys(parsed).filter((k) => k !== "alicloud" && k !== "huaweicloud" && k !== "$comment");
    if (unknownKeys.length > 0) throw new Error(`unknown fixture section(s): ${unknownKeys.join(", ")}`);
    const given = parsed as Fixture;
    const defaults = defaultFixture();
    return {
        alicloud: given.alicloud ?? defaults.alicloud,
        huaweicloud: given.huaweicloud ?? defaults.huaweicloud,
    };
}
