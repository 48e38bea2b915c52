// The docs stay true to the code where a check is mechanical: every environment variable the provider
// reads or names in a message is in the README, and the emulator README lists the default world whole.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "..");

function sources(dir: string): string[] {
    return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) return sources(rel);
        return e.name.endsWith(".ts") ? [fs.readFileSync(path.join(root, rel), "utf8")] : [];
    });
}

describe("docs", () => {
    it("the README names every environment variable the provider reads or mentions", () => {
        const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
        // Names inside the provider's string literals (what it reads, and what its messages tell users to set).
        const literals = sources("provider").flatMap((text) => [...text.matchAll(/"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]));
        const names = new Set(
            literals.flatMap((text) => [...text.replace(/\$\{[^}]*\}/g, "").matchAll(/\b(?:HW|HUAWEICLOUD|ALIBABA_CLOUD|ALICLOUD|ECS_OPS)_[A-Z0-9_]*[A-Z0-9]\b/g)].map((m) => m[0])),
        );
        expect(names.size).to.be.greaterThan(10);
        expect([...names].filter((n) => !new RegExp(`\\b${n}\\b`).test(readme)).sort()).to.deep.equal([]);
    });

    it("emulator/README.md lists every instance and server of the default world", () => {
        const doc = fs.readFileSync(path.join(root, "emulator", "README.md"), "utf8");
        const ali = JSON.parse(fs.readFileSync(path.join(root, "emulator", "fixtures", "default-alicloud.json"), "utf8")) as {
            instances: { instanceId: string }[];
        };
        const hw = JSON.parse(fs.readFileSync(path.join(root, "emulator", "fixtures", "default-huaweicloud.json"), "utf8")) as {
            servers: { id?: string; serverId?: string }[];
        };
        const ids = [...ali.instances.map((i) => i.instanceId), ...hw.servers.map((s) => s.id ?? s.serverId ?? "")];
        expect(ids.length).to.be.greaterThan(15);
        expect(ids.filter((id) => !doc.includes(`\`${id}\``))).to.deep.equal([]);
    });
});
