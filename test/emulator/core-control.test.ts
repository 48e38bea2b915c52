import { expect } from "chai";
import { defaultFixture, Emulator, startEmulator } from "../../emulator";
import { emulatorHooks } from "../support/emulator-hooks";

async function control(emu: Emulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(emu.url + path, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("emulator control API", () => {
    let emu: Emulator;
    emulatorHooks(
        () => startEmulator({ timeScale: 0.01 }),
        (e) => (emu = e),
    );

    it("answers health, state and an empty call log", async () => {
        expect((await control(emu, "GET", "/_emulator/health")).body).to.deep.equal({ ok: true });
        const state = await control(emu, "GET", "/_emulator/state");
        expect(state.body).to.include.keys("now", "timeScale", "alicloud", "huaweicloud");
        expect((await control(emu, "GET", "/_emulator/calls")).body).to.deep.equal({ calls: [] });
    });

    it("refuses malformed faults with the offending field, and clears faults with {}", async () => {
        const bad = await control(emu, "POST", "/_emulator/faults", { errors: [{ status: 502, count: 1 }] });
        expect(bad.status).to.equal(400);
        expect(bad.body.error).to.match(/errors\[0\]\.status must be 500 or 503/);
        const unknownKind = await control(emu, "POST", "/_emulator/faults", { chaos: [] });
        expect(unknownKind.body.error).to.match(/unknown fault kind "chaos"/);
        const set = await control(emu, "POST", "/_emulator/faults", { latency: [{ cloud: "alicloud", ms: 5 }] });
        expect(set.body.faults).to.deep.include({ latency: [{ cloud: "alicloud", ms: 5 }] });
        const cleared = await control(emu, "POST", "/_emulator/faults", {});
        expect(cleared.body.faults).to.deep.equal({ throttle: [], errors: [], latency: [] });
    });

    it("a rejected fixture on reset leaves the previous one in place", async () => {
        const bad = await control(emu, "POST", "/_emulator/reset", { alicloud: { instances: "not a list" } });
        expect(bad.status).to.equal(400);
        const plain = await control(emu, "POST", "/_emulator/reset");
        expect(plain.status).to.equal(200);
        const state = (await control(emu, "GET", "/_emulator/state")).body as { alicloud: unknown };
        expect(JSON.stringify(state.alicloud)).to.contain("i-bp1paygrunning00001");
    });

    it("a fixture given on reset replaces the world for later resets", async () => {
        const fixture = defaultFixture();
        (fixture.alicloud as { instances: { instanceId: string; instanceName: string }[] }).instances[0].instanceName = "from-reset";
        expect((await control(emu, "POST", "/_emulator/reset", fixture)).status).to.equal(200);
        expect((await control(emu, "POST", "/_emulator/reset")).status).to.equal(200);
        expect(JSON.stringify((await control(emu, "GET", "/_emulator/state")).body)).to.contain("from-reset");
        await control(emu, "POST", "/_emulator/reset", defaultFixture());
    });

    it("answers unknown control routes and unknown API paths with 404", async () => {
        expect((await control(emu, "GET", "/_emulator/nope")).status).to.equal(404);
        const res = await fetch(`${emu.url}/v9/nothing`, { method: "GET" });
        expect(res.status).to.equal(404);
    });
});
