#!/usr/bin/env node
import { startEmulator } from "./index";

const USAGE = [
    "usage: ecs-ops-emulator [--port <p>] [--fixture <file>] [--time-scale <x>] [--settle-ms <ms>] [--state-file <file>] [--actiontrail-delay-ms <ms>]",
    "",
    "Starts the local emulator of Alibaba Cloud ECS and Huawei Cloud ECS on 127.0.0.1 (both clouds, one port).",
    "  --port <p>         port to listen on (default 0: any free port; the URL is printed)",
    "  --fixture <file>   JSON world to load instead of the built-in default world",
    "  --time-scale <x>   multiply modelled durations (reboots, re-inits, reinstall jobs) by x, e.g. 0.05",
    "  --settle-ms <ms>   settling delay: Describe calls report the state of that long ago (modelled ms, default 3000; 0 = live)",
    "  --state-file <f>   keep the world in <f> across restarts (read at start, written after every change)",
    "  --actiontrail-delay-ms <ms>  ActionTrail delivers an Alibaba call's event to LookupEvents after this long (modelled ms, default 300000)",
    "",
    "Installed package: npx ecs-ops-emulator --port 8787   (in the ecs-ops repository: npm run emulator -- --port 8787)",
    "Point ecs-ops at it: pulumi config set ecs-ops:alicloudEndpoint 'http://127.0.0.1:8787/{region}' (and ecs-ops:huaweicloudEndpoint).",
].join("\n");

interface CliArgs {
    port: number;
    fixture?: string;
    timeScale: number;
    settleMs?: number;
    stateFile?: string;
    actionTrailDelayMs?: number;
}

function parseArgs(argv: string[]): CliArgs {
    const out: CliArgs = { port: 0, timeScale: 1 };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = argv[i + 1];
        const need = (): string => {
            if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value\n${USAGE}`);
            i++;
            return value;
        };
        switch (flag) {
            case "--port": {
                const p = Number(need());
                if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error(`--port must be an integer 0-65535`);
                out.port = p;
                break;
            }
            case "--fixture":
                out.fixture = need();
                break;
            case "--state-file":
                out.stateFile = need();
                break;
            case "--time-scale": {
                const s = Number(need());
                if (!(s > 0)) throw new Error(`--time-scale must be a positive number`);
                out.timeScale = s;
                break;
            }
            case "--settle-ms": {
                const ms = Number(need());
                if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`--settle-ms must be a number ≥ 0 (modelled milliseconds; 0 = reads are live)`);
                out.settleMs = ms;
                break;
            }
            case "--actiontrail-delay-ms": {
                const ms = Number(need());
                if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`--actiontrail-delay-ms must be a number ≥ 0 (modelled milliseconds)`);
                out.actionTrailDelayMs = ms;
                break;
            }
            case "--help":
            case "-h":
                console.log(USAGE);
                return process.exit(0);
            default:
                throw new Error(`unknown argument ${flag}\n${USAGE}`);
        }
    }
    return out;
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    const emulator = await startEmulator(args);
    console.log(`emulator listening on ${emulator.url}`);
    let stopping = false;
    const stop = async (signal: string): Promise<void> => {
        if (stopping) return;
        stopping = true;
        console.log(`emulator stopping (${signal})`);
        await emulator.stop();
        process.exit(0);
    };
    process.on("SIGINT", () => void stop("SIGINT"));
    process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e: Error) => {
    console.error(`emulator: ${e.message}`);
    process.exit(2);
});
