// The docs stay true to the code where a check is mechanical: every environment variable the provider
// reads or names in a message is documented, the emulator's pages list the default world whole, every
// resource and component has its reference page and its least-privilege rows, every API action the
// provider calls has its permission, every relative link (and #anchor) resolves, and the README stays short.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import * as pkg from "../index";
import { generatedPages } from "../scripts/generate-reference";

const root = path.join(__dirname, "..");

/** The text of every file under `dir` (relative to the root) whose name ends with `ext`. */
function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
    if (!fs.existsSync(path.join(root, dir))) return [];
    return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) return filesUnder(rel, accept);
        return accept(e.name) ? [rel] : [];
    });
}

function read(rel: string): string {
    return fs.readFileSync(path.join(root, rel), "utf8");
}

function sources(dir: string): string[] {
    return filesUnder(dir, (n) => n.endsWith(".ts")).map(read);
}

/** The markdown pages of the documentation: the README, docs/, the emulator's pointer page, the examples' READMEs. */
const PAGES = ["README.md", ...filesUnder("docs", (n) => n.endsWith(".md")), "emulator/README.md", ...filesUnder("examples", (n) => /^README/i.test(n))];

/** Text outside fenced code blocks (``` … ```), line by line. */
function proseLines(markdown: string): string[] {
    const lines: string[] = [];
    let fenced = false;
    for (const line of markdown.split("\n")) {
        if (/^\s*```/.test(line)) {
            fenced = !fenced;
            continue;
        }
        if (!fenced) lines.push(line);
    }
    return lines;
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingSlugs(markdown: string): Set<string> {
    const slugs = new Set<string>();
    const seen = new Map<string, number>();
    for (const line of proseLines(markdown)) {
        const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
        if (!m) continue;
        const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/<[^>]+>/g, "");
        const base = text
            .toLowerCase()
            .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
            .replace(/ /g, "-");
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        slugs.add(n === 0 ? base : `${base}-${n}`);
    }
    return slugs;
}

/** The targets of the markdown links of a page (outside code), e.g. `docs/x.md#y`. */
function linkTargets(markdown: string): string[] {
    return proseLines(markdown).flatMap((line) => [...line.replace(/`[^`]*`/g, "").matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]));
}

/** The classes of the package, per cloud (`alicloud.InstanceAttributes`, …): its resources and components. */
function exported(): { cloud: "alicloud" | "huaweicloud"; name: string }[] {
    return (["alicloud", "huaweicloud"] as const).flatMap((cloud) =>
        Object.entries(pkg[cloud] as Record<string, unknown>)
            .filter(([name, value]) => /^[A-Z]/.test(name) && typeof value === "function")
            .map(([name]) => ({ cloud, name })),
    );
}

const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

/** The section of a page from its heading `## <title>` to the next heading of the same level or higher. */
function section(markdown: string, title: string): string {
    const start = markdown.indexOf(`\n## ${title}\n`);
    expect(start, `section "${title}"`).to.be.greaterThan(-1);
    const next = markdown.slice(start + 1).search(/\n## /);
    return next < 0 ? markdown.slice(start) : markdown.slice(start, start + 1 + next);
}

describe("docs", () => {
    it("every environment variable the provider reads or mentions is documented (README or docs/)", () => {
        const docs = PAGES.map(read).join("\n");
        // Names inside the provider's string literals (what it reads, and what its messages tell users to set).
        const literals = sources("provider").flatMap((text) => [...text.matchAll(/"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]));
        const names = new Set(
            literals.flatMap((text) =>
                [...text.replace(/\$\{[^}]*\}/g, "").matchAll(/\b(?:HW|HUAWEICLOUD|ALIBABA_CLOUD|ALICLOUD|ECS_OPS)_[A-Z0-9_]*[A-Z0-9]\b/g)].map((m) => m[0]),
            ),
        );
        expect(names.size).to.be.greaterThan(10);
        expect([...names].filter((n) => !new RegExp(`\\b${n}\\b`).test(docs)).sort()).to.deep.equal([]);
    });

    it("the emulator's pages list every instance and server of the default world", () => {
        const ali = JSON.parse(read("emulator/fixtures/default-alicloud.json")) as { instances: { instanceId: string }[] };
        const hw = JSON.parse(read("emulator/fixtures/default-huaweicloud.json")) as { servers: { id?: string; serverId?: string }[] };
        const aliPage = read("docs/emulator/alicloud.md");
        const hwPage = read("docs/emulator/huaweicloud.md");
        expect(ali.instances.length + hw.servers.length).to.be.greaterThan(15);
        expect(ali.instances.map((i) => i.instanceId).filter((id) => !aliPage.includes(`\`${id}\``))).to.deep.equal([]);
        expect(hw.servers.map((s) => s.id ?? s.serverId ?? "").filter((id) => !hwPage.includes(`\`${id}\``))).to.deep.equal([]);
    });

    it("every resource and component has a reference page with generated-section markers, linked from the README and the index", () => {
        const all = exported();
        expect(all.map((e) => `${e.cloud}.${e.name}`)).to.include.members([
            "alicloud.InstanceAttributes",
            "alicloud.InstanceFleet",
            "huaweicloud.ServerAttributes",
            "huaweicloud.ServerReboot",
        ]);
        const readme = read("README.md");
        const index = read("docs/reference/README.md");
        for (const { cloud, name } of all) {
            const rel = `docs/reference/${cloud}/${kebab(name)}.md`;
            expect(fs.existsSync(path.join(root, rel)), rel).to.equal(true);
            const page = read(rel);
            expect(page.split("\n")[0], rel).to.include(`\`${cloud}.${name}\``);
            for (const part of ["inputs", "outputs"]) {
                const begin = page.indexOf(`<!-- BEGIN GENERATED: ${part} -->`);
                const end = page.indexOf(`<!-- END GENERATED: ${part} -->`);
                expect(begin, `${rel}: BEGIN ${part}`).to.be.greaterThan(-1);
                expect(end, `${rel}: END ${part}`).to.be.greaterThan(begin);
            }
            expect(readme, `README links ${rel}`).to.include(`](${rel})`);
            expect(index, `index links ${rel}`).to.include(`](${cloud}/${kebab(name)}.md)`);
        }
    });

    it("the least-privilege section has a row for every resource and component, and a permission for every API action the provider calls", () => {
        const leastPrivilege = section(read("docs/credentials.md"), "Least privilege");
        for (const { cloud, name } of exported()) {
            expect(leastPrivilege, `${cloud}.${name}`).to.match(new RegExp(`^\\| \`${cloud}\\.${name}\` \\|`, "m"));
        }
        // Alibaba: every ECS action named in the provider's code, as a RAM action.
        const aliActions = new Set(
            sources("provider/alicloud").flatMap((text) =>
                [...text.matchAll(/"((?:Describe|Modify|Reboot|Stop|Start|ReInit|Tag|Untag)(?:Instances?|InstanceAttribute|UserData|Disks?|Resources))"/g)].map(
                    (m) => m[1],
                ),
            ),
        );
        expect(aliActions).to.include("ModifyInstanceAttribute").and.include("TagResources");
        expect([...aliActions].filter((a) => !leastPrivilege.includes(`\`ecs:${a}\``)).sort()).to.deep.equal([]);
        // Huawei: every operation the provider calls, in the table of APIs and IAM actions.
        const hwOperations = new Set(
            sources("provider/huaweicloud").flatMap((text) =>
                [...text.matchAll(/"((?:Show|List|Update|Delete|Batch|Nova|Reinstall)[A-Z]\w+)"/g)].map((m) => m[1]),
            ),
        );
        expect(hwOperations).to.include("BatchRebootServers").and.include("UpdateServer").and.include("ReinstallServerWithCloudInit");
        const apiRows = leastPrivilege.split("\n").filter((l) => l.startsWith("| `") && /ecs:/.test(l));
        expect([...hwOperations].filter((op) => !apiRows.some((row) => row.split("|")[1].includes(`\`${op}\``))).sort()).to.deep.equal([]);
    });

    it("every relative link in the README, docs/, emulator/README.md and the examples' READMEs resolves (file and #anchor)", () => {
        expect(PAGES.length).to.be.greaterThan(15);
        const broken: string[] = [];
        let checked = 0;
        for (const page of PAGES) {
            for (const target of linkTargets(read(page))) {
                if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
                const [file, anchor] = target.split("#", 2) as [string, string | undefined];
                const resolved = file === "" ? page : path.normalize(path.join(path.dirname(page), decodeURIComponent(file)));
                checked++;
                if (!fs.existsSync(path.join(root, resolved))) {
                    broken.push(`${page}: ${target} (no ${resolved})`);
                    continue;
                }
                if (anchor !== undefined && resolved.endsWith(".md") && !headingSlugs(read(resolved)).has(anchor)) {
                    broken.push(`${page}: ${target} (no heading #${anchor} in ${resolved})`);
                }
            }
        }
        expect(checked).to.be.greaterThan(50);
        expect(broken).to.deep.equal([]);
    });

    it("every repository path the pages name in code spans exists (a moved file is renamed in the docs too)", () => {
        const missing: string[] = [];
        let checked = 0;
        for (const page of PAGES) {
            for (const line of proseLines(read(page))) {
                for (const m of line.matchAll(/`((?:provider|components|emulator|test|tools|scripts|bench|examples|docs)\/[\w./-]*)`/g)) {
                    checked++;
                    if (!fs.existsSync(path.join(root, m[1]))) missing.push(`${page}: ${m[1]}`);
                }
            }
        }
        expect(checked).to.be.greaterThan(20);
        expect(missing).to.deep.equal([]);
    });

    it("GitHub's anchors are computed as GitHub does", () => {
        const slugs = headingSlugs(
            "# `alicloud.InstanceAttributes` — one instance\n## Exactly once, and recovery\n```\n# not a heading\n```\n## Exactly once, and recovery\n## Pacing: the limiter (Q = 5)\n",
        );
        expect([...slugs]).to.deep.equal([
            "alicloudinstanceattributes--one-instance",
            "exactly-once-and-recovery",
            "exactly-once-and-recovery-1",
            "pacing-the-limiter-q--5",
        ]);
    });

    it("the README stays a five-minute read: at most 15 KB", () => {
        expect(fs.statSync(path.join(root, "README.md")).size).to.be.at.most(15 * 1024);
    });

    it("the reference pages' generated tables are what the declarations say (regenerating changes nothing)", function () {
        this.timeout(120_000);
        const pages = generatedPages();
        // Every declared resource and every component has a generated page.
        expect([...pages.keys()].length).to.be.at.least(5);
        const stale = [...pages].filter(([page, text]) => read(page) !== text).map(([page]) => page);
        expect(stale, "run: npm run generate").to.deep.equal([]);
        // A declaration's doc comment is the text of its row: the InstanceReboot page says what the declaration says.
        expect(read("docs/reference/alicloud/instance-reboot.md")).to.contain(
            "| `legacyTriggers` | `unknown` | optional; secret; input only (never an output) |",
        );
    });
});
