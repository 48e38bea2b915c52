// What a reviewer sees in `pulumi preview` is safe to post from CI: no secret input ever reaches the
// preview text, the --json output, the engine's event stream, the state or the emulator, however
// invalid or large it is and even when the program passes it as a plain string; and a misspelt input
// key of a plain-JavaScript program is refused by name with the closest valid name, with zero API calls.
import { expect } from "chai";
import { randomBytes } from "crypto";
import * as path from "path";

import { createStack, type TestStack, type VerbResult } from "./kit";

const PROGRAM = path.join(__dirname, "fixtures", "preview-trust");

/** A short invalid password (5 characters) and a huge value (40 KB) with a marker that is nowhere else. */
function shortSecret(): string {
    return `Q${randomBytes(2).toString("hex").slice(0, 3)}!`;
}
function hugeSecret(): string {
    return `#cloud-config ${randomBytes(8).toString("hex")}\n`.repeat(1300);
}

/** Distinctive pieces of a secret: itself when short, else its first line, and the base64 of a piece. */
function piecesOf(secret: string): string[] {
    const head = secret.length > 64 ? secret.split("\n")[0] : secret;
    return [head, Buffer.from(head).toString("base64").slice(0, 16)];
}

/** Everything the run made visible: text, --json, the event log, the diagnostics. */
function visible(r: VerbResult | { stdout: string; stderr: string }): string {
    const v = r as Partial<VerbResult>;
    return [r.stdout, r.stderr, JSON.stringify(v.json ?? null), JSON.stringify(v.events ?? []), JSON.stringify(v.diagnostics ?? [])].join("\n");
}

describe("e2e: preview trust (plain-JavaScript program)", function () {
    this.timeout(600_000);
    let stack: TestStack;

    before(async () => {
        stack = await createStack({ program: PROGRAM, emulator: { timeScale: 0.02 }, config: { case: "attributes" } });
        // A stack with state, so that "not in the state" means something.
        await stack.setConfig("case", "valid");
        await stack.up();
    });
    after(() => stack?.dispose());

    // case → the values of ECS_OPS_S1..3 and the secret inputs its failure must name (in the reason).
    const SECRET_CASES: Array<{ case: string; values: () => Record<string, string>; names: string[] }> = [
        {
            case: "attributes",
            values: () => ({ S1: shortSecret(), S2: hugeSecret(), S3: hugeSecret() }),
            names: ["password", "userData", "remoteConnectionOptions.password"],
        },
        { case: "attributes", values: () => ({ S1: hugeSecret(), S3: shortSecret() }), names: ["password", "remoteConnectionOptions.password"] },
        { case: "reinit", values: () => ({ S1: shortSecret() }), names: ["password"] },
        { case: "reinstall", values: () => ({ S1: shortSecret(), S2: hugeSecret() }), names: ["adminPass", "userData"] },
        { case: "reinstall", values: () => ({ S1: hugeSecret() }), names: ["adminPass"] },
        {
            case: "managed",
            values: () => ({ S1: hugeSecret(), S2: hugeSecret(), S3: shortSecret() }),
            names: ["password", "userData", "remoteConnectionOptions.password"],
        },
        { case: "managed.reinitSystemDisk", values: () => ({ S1: hugeSecret() }), names: ["password"] },
        { case: "fleet", values: () => ({ S1: shortSecret(), S2: hugeSecret() }), names: ["password", "userData"] },
    ];

    for (const [i, c] of SECRET_CASES.entries()) {
        it(`${c.case} #${i}: an invalid plain-string secret (${c.names.join(", ")}) is named, never shown`, async () => {
            const values = c.values();
            const env = Object.fromEntries(Object.entries(values).map(([k, v]) => [`ECS_OPS_${k}`, v]));
            await stack.setConfig("case", c.case);
            const json = await stack.preview({ allowFailure: true, env });
            expect(json.exitCode, json.stdout).to.not.equal(0);
            const runs: Array<VerbResult | { stdout: string; stderr: string }> = [json];
            if (i === 0 || c.case === "reinstall") {
                // The text a reviewer reads on the pull request.
                runs.push(await stack.run(["preview", "--diff"], { allowFailure: true, env }));
            }
            const state = stack.stateFileText() + JSON.stringify(await stack.exportState());
            const emulator = JSON.stringify(await stack.emulatorRequest("GET", "/_emulator/state")) + JSON.stringify(await stack.emulatorCalls());
            for (const secret of Object.values(values)) {
                for (const piece of piecesOf(secret)) {
                    for (const run of runs) expect(visible(run), `a piece of a secret is visible`).to.not.include(piece);
                    expect(state).to.not.include(piece);
                    expect(emulator).to.not.include(piece);
                }
            }
            const errors = json.diagnostics
                .filter((d) => d.severity === "error")
                .map((d) => d.message)
                .join("\n");
            for (const name of c.names) expect(errors).to.match(new RegExp(`${name.replace(/\./g, "\\.")}: `));
            // The resource with the invalid secret calls nothing; a valid attributes resource beside it (a
            // component's) may read its instance's owner tag at check (docs/ownership.md): a read, nothing else.
            expect(json.calls.filter((call) => call.action !== "DescribeInstances" && call.action !== "ListServersDetails")).to.deep.equal([]);
        });
    }

    // case → the message (plain-JavaScript programs have no type checker between them and ecs-ops).
    const TYPOS: Array<[string, string]> = [
        ["typo.reboot.trigger", 'unknown input "trigger" — did you mean "triggers"?'],
        ["typo.reinit.trigers", 'unknown input "trigers" — did you mean "triggers"?'],
        ["typo.reinstall.cloudinit", 'unknown input "cloudinit" — did you mean "cloudInit"?'],
        ["typo.attributes.hostname", 'unknown input "hostname" — did you mean "hostName"?'],
        ["typo.managed.restartpolicy", 'unknown input "restartpolicy" — did you mean "restartPolicy"?'],
        ["typo.fleet.instanceId", 'unknown input "instanceId" — did you mean "instanceIds"?'],
        ["typo.fleet.restartStrategy.maxunavailable", 'unknown input "restartStrategy.maxunavailable" — did you mean "restartStrategy.maxUnavailable"?'],
    ];
    for (const [which, message] of TYPOS) {
        it(`${which}: refused by name with the closest valid name, zero API calls`, async () => {
            await stack.setConfig("case", which);
            const r = await stack.preview({ allowFailure: true });
            expect(r.exitCode, r.stdout).to.not.equal(0);
            expect(r.diagnostics.map((d) => d.message).join("\n")).to.include(message);
            expect(r.calls).to.deep.equal([]);
        });
    }
});
