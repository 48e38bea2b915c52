import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { ConfigSource, setStackConfig } from "../core/credentials/stack-config";
import { validate } from "../core/inputs/validation";
import { lookup } from "../lookups";
import { handler } from "../registry";
import { adoptionNote } from "../core/resource/import-answer";
import { factsOf, IMPORTABLE_TYPES, lookupOfToken, PACKAGE_NAME, ResourceFacts, tokenOfUrn, typeOfToken } from "./facts";
import { structSafe, unwrapProperties, wrapProperties } from "./secrets";
import { OWNER_KEY, ownerOfUrn } from "../core/ownership/owner";

// The ecs-ops provider plugin: the provider protocol, by type token, onto the same handlers the
// TypeScript dynamic resources use (provider/registry.ts). A thin adapter: it only unwraps the
// secrets the engine sends (the `@pulumi/pulumi/provider` server accepts secrets), calls the
// handler as the dynamic-provider host would, and wraps as secrets, in what it returns, every
// property that was a secret on the way in or that the resource declares secret. Validation, the
// plan shown in the preview, exactly-once, batching, pacing and credentials are the handlers'.

type Props = Record<string, unknown>;

/** The stack config the engine configured the plugin with: `ecs-ops:<name>` keys (see ./config). */
export function pluginConfigSource(variables: ReadonlyMap<string, string>): ConfigSource {
    const values = new Map<string, string>();
    for (const [key, value] of variables) {
        // The engine names them `ecs-ops:config:<name>` (the deprecated `variables` form) or `<name>`.
        const name = key.startsWith(`${PACKAGE_NAME}:config:`)
            ? key.slice(`${PACKAGE_NAME}:config:`.length)
            : key.startsWith(`${PACKAGE_NAME}:`)
              ? key.slice(PACKAGE_NAME.length + 1)
              : key;
        values.set(`${PACKAGE_NAME}:${name}`, value);
    }
    return { get: (key) => values.get(key) };
}

/** The ecs-ops provider plugin's resource methods (served by `@pulumi/pulumi/provider`'s `main`). */
export class EcsOpsProvider implements provider.Provider {
    /** The plugin's version (the package's). */
    readonly version: string;
    /** The package schema (JSON text). */
    readonly schema: string;

    constructor(version: string, schema: string) {
        this.version = version;
        this.schema = schema;
    }

    /** Remembers the stack config for the handlers (the engine's Configure). */
    configure(variables: ReadonlyMap<string, string>): void {
        setStackConfig(pluginConfigSource(variables));
    }

    private resolve(urn: string): { facts: ResourceFacts; handler: pulumi.dynamic.ResourceProvider } {
        const token = tokenOfUrn(urn);
        const type = typeOfToken(token);
        if (type === undefined) throw new Error(`ecs-ops has no resource type ${token}`);
        return { facts: factsOf(type), handler: handler(type) };
    }

    /** Validates the inputs: the handler's check, secrets kept. */
    async check(urn: string, olds: Props, news: Props): Promise<provider.CheckResult> {
        const { facts, handler } = this.resolve(urn);
        const o = unwrapProperties(olds);
        const n = unwrapProperties(news);
        if (facts.declaration.takesOwnership) {
            // The owning stack, from the URN: the same `<project>.<stack>` a TypeScript program's class gives.
            const owner = ownerOfUrn(urn);
            if (owner !== undefined) n.plain[OWNER_KEY] = owner;
        }
        const result = handler.check ? await handler.check(o.plain, n.plain) : { inputs: n.plain };
        return {
            inputs: wrapProperties(result.inputs as Props | undefined, n.secretNames, [...facts.secretInputs, ...facts.secretOutputs]),
            failures: result.failures?.map((f) => ({ property: f.property, reason: f.reason })),
        };
    }

    /** The changes (old outputs against new checked inputs): the handler's diff. */
    async diff(id: string, urn: string, olds: Props, news: Props): Promise<provider.DiffResult> {
        const { handler } = this.resolve(urn);
        if (!handler.diff) return {};
        const result = await handler.diff(id, unwrapProperties(olds).plain, unwrapProperties(news).plain);
        return { changes: result.changes, replaces: result.replaces, stables: result.stables, deleteBeforeReplace: result.deleteBeforeReplace };
    }

    /** Adopts or acts (the handler's create); outputs that were or are declared secret come back secret. */
    async create(urn: string, inputs: Props): Promise<provider.CreateResult> {
        const { facts, handler } = this.resolve(urn);
        const n = unwrapProperties(inputs);
        const secrets = [...n.secretNames, ...facts.secretInputs, ...facts.secretOutputs];
        const result = await withSecretFailure(secrets, () => handler.create(n.plain));
        return { id: result.id, outs: wrapProperties(result.outs as Props | undefined, secrets) };
    }

    /**
     * Reads the resource (refresh, import): the handler's read. An import (no state yet) is served
     * for the types of IMPORTABLE_TYPES, whose read then adopts the object with nothing managed;
     * the others are refused, naming what to declare instead.
     */
    async read(id: string, urn: string, props?: Props): Promise<provider.ReadResult> {
        const { facts, handler } = this.resolve(urn);
        const p = unwrapProperties(props);
        if (Object.keys(p.plain).length === 0 && !IMPORTABLE_TYPES.includes(facts.type)) {
            const note = adoptionNote(facts.type);
            throw new Error(
                `${facts.token} cannot be imported: ${note ?? "it is a record ecs-ops keeps, not an object of the cloud"}. ` +
                    `Declare it in the program instead (importable: ${IMPORTABLE_TYPES.map((t) => factsOf(t).token).join(", ")}).`,
            );
        }
        if (!handler.read) return { id, props };
        const result = await handler.read(id, p.plain);
        const secrets = [...p.secretNames, ...facts.secretInputs, ...facts.secretOutputs];
        return {
            id: result.id,
            props: wrapProperties(result.props as Props | undefined, secrets),
            inputs: result.inputs === undefined ? undefined : wrapProperties(result.inputs as Props, secrets),
        };
    }

    /** Applies a change: the handler's update. */
    async update(id: string, urn: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
        const { facts, handler } = this.resolve(urn);
        const o = unwrapProperties(olds);
        const n = unwrapProperties(news);
        if (!handler.update) throw new Error(`ecs-ops resource ${facts.token} cannot be updated`);
        const secrets = [...o.secretNames, ...n.secretNames, ...facts.secretInputs, ...facts.secretOutputs];
        const result = await withSecretFailure(secrets, () => handler.update!(id, o.plain, n.plain));
        return { outs: wrapProperties(result.outs as Props | undefined, secrets) };
    }

    /**
     * Runs a look-up (`ecs-ops:alicloud:getInstances`, `ecs-ops:huaweicloud:getServers`): the same
     * function TypeScript programs call, with the plugin's `ecs-ops:` settings, the process-wide
     * limiter and paging. Arguments that break a rule come back as failures naming the property,
     * before any call.
     */
    async invoke(token: string, inputs: Props | undefined): Promise<provider.InvokeResult> {
        const key = lookupOfToken(token);
        if (key === undefined) throw new Error(`ecs-ops has no function ${token}`);
        const entry = lookup(key);
        // A null argument (YAML's `~`, an unset config value) is one not given.
        const args = Object.fromEntries(Object.entries(unwrapProperties(inputs ?? {}).plain).filter(([, value]) => value !== null));
        const { failures } = validate(entry.declaration.args, args);
        if (failures.length > 0) return { failures: failures.map((f) => ({ property: f.property, reason: `${entry.declaration.name}: ${f.reason}` })) };
        return { outputs: structSafe(await entry.run(args)) };
    }

    /** Removes the resource from management: the handler's delete. */
    async delete(id: string, urn: string, props: Props): Promise<void> {
        const { handler } = this.resolve(urn);
        if (handler.delete) await handler.delete(id, unwrapProperties(props).plain);
    }
}

/**
 * Runs `action`; a failure that records a partially done resource (an error carrying `id` and
 * `properties`, which the server turns into a resource-init failure kept in state) has its secret
 * properties wrapped, like a success's outputs.
 */
async function withSecretFailure<T>(secrets: readonly string[], action: () => Promise<T>): Promise<T> {
    try {
        return await action();
    } catch (err) {
        const failure = err as { id?: unknown; properties?: unknown };
        if (
            failure !== null &&
            typeof failure === "object" &&
            failure.id !== undefined &&
            typeof failure.properties === "object" &&
            failure.properties !== null
        ) {
            failure.properties = wrapProperties(failure.properties as Props, secrets);
        }
        throw err;
    }
}
