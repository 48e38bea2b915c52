import { createHash } from "crypto";

// Ownership of an instance by a stack (docs/ownership.md). A resource that takes an instance under
// management (alicloud.InstanceAttributes, huaweicloud.ServerAttributes) records the owning stack
// on the instance, as the tag `ecs-ops-owner`, and refuses an instance whose tag names another
// stack unless `takeOver` is set. The owner is `<project>.<stack>`, the same whichever way the
// resource was declared: the TypeScript classes compute it in the program (pulumi.getProject(),
// pulumi.getStack()), the provider plugin from the resource's URN. Pure: no cloud, no engine.

/** The tag that records the owning stack, on both clouds (a Huawei tag key may be 36 characters). */
export const OWNER_TAG_KEY = "ecs-ops-owner";

/**
 * The property that carries the owner: a hidden input (the owner of this stack, set by the resource
 * class or the plugin, never by the program) and an output (the owner the instance's tag records).
 */
export const OWNER_KEY = "owner";

/** Longest tag value both clouds take: a Huawei server tag value holds at most 43 characters. */
export const OWNER_MAX_LENGTH = 43;

/** The characters of a tag value both clouds take (Huawei: letters, digits, `_`, `.`, `-`). */
const VALUE_CHARS = /^[A-Za-z0-9_.-]+$/;

/** Hex characters of the hash that ends a shortened owner. */
const HASH_LENGTH = 8;

/**
 * The tag value that names a stack: `<project>.<stack>` as is when it fits (at most 43 letters,
 * digits, `_`, `.`, `-`, which every Pulumi project and stack name is made of), else its first
 * 34 characters (others replaced by `_`), `-`, and 8 hex characters of its SHA-256 — readable, and
 * distinct for distinct stacks. A valid tag value is its own encoding (the look-ups' `owner` filter
 * takes either form).
 */
export function ownerTagValue(identity: string): string {
    if (identity.length <= OWNER_MAX_LENGTH && VALUE_CHARS.test(identity)) return identity;
    const hash = createHash("sha256").update(identity, "utf8").digest("hex").slice(0, HASH_LENGTH);
    const readable = identity.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, OWNER_MAX_LENGTH - HASH_LENGTH - 1);
    return `${readable}-${hash}`;
}

/** The owner of a stack: the tag value of `<project>.<stack>`. */
export function stackOwner(project: string, stack: string): string {
    return ownerTagValue(`${project}.${stack}`);
}

/**
 * The owner of the stack a resource URN belongs to (`urn:pulumi:<stack>::<project>::<type>::<name>`),
 * or undefined when the text is not a URN.
 */
export function ownerOfUrn(urn: string): string | undefined {
    const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
    return match === null ? undefined : stackOwner(match[2], match[1]);
}

/** The owner the inputs carry (the hidden input), or undefined: then ownership is not managed. */
export function ownerInput(props: Record<string, unknown>): string | undefined {
    const value = props[OWNER_KEY];
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** What a resource finds in the owner tag of the instance it takes. */
export type OwnerVerdict =
    /** No owner tag: the instance is free to take. */
    | { kind: "free" }
    /** The tag names this stack (or its name before a rename that the state records). */
    | { kind: "ours" }
    /** The tag names another stack and `takeOver` is set: the tag is moved. */
    | { kind: "takeOver"; from: string }
    /** The tag names another stack: refused. */
    | { kind: "foreign"; owner: string };

/**
 * Judges the owner tag of an instance. `previous` is the owner this resource recorded before (its
 * state): a tag naming it is this resource's own, also when the stack's name changed since.
 */
export function judgeOwner(tag: string | undefined, owner: string, previous: string | undefined, takeOver: boolean): OwnerVerdict {
    if (tag === undefined || tag === "") return { kind: "free" };
    if (tag === owner || (previous !== undefined && tag === previous)) return { kind: "ours" };
    return takeOver ? { kind: "takeOver", from: tag } : { kind: "foreign", owner: tag };
}

/**
 * The refusal of an instance another stack owns: names the owner as the tag records it, and the two
 * ways to move it.
 *
 * @param what the instance as messages name it, e.g. `instance i-bp1…` or `server 1b2c…`.
 */
export function foreignOwnerMessage(what: string, owner: string, ours: string): string {
    return (
        `${what} is managed by stack "${owner}" (its tag ${OWNER_TAG_KEY}); this stack is "${ours}". ` +
        `Two stacks managing one instance would undo each other's changes. To move it here, set takeOver: true ` +
        `(on this resource or its component) for one up; or release it in "${owner}": remove it from that program and run up there, which removes the tag`
    );
}

/** Whether the inputs ask ownership to be recorded anew: an owner is carried and the state does not record it. */
export function ownershipPending(recorded: unknown, props: Record<string, unknown>): boolean {
    const owner = ownerInput(props);
    return owner !== undefined && recorded !== owner;
}

/** What `check` found of the ownership of the instance a resource takes: a refusal, or the plan of the tag write. */
export interface OwnershipCheck {
    /** Why the instance cannot be taken (another stack owns it), for a check failure. */
    failure?: string;
    /** What `up` will do about ownership, for the plan; undefined when nothing. */
    plan?: string;
}

/**
 * Whether `check` reads the owner tag: only when ownership must be recorded now — adoption, a state
 * that does not record it (an earlier release, a refresh that found the tag changed), a renamed
 * stack. Never for a resource whose recorded owner is this stack's: previews stay free of calls.
 */
export function ownershipCheckNeeded(olds: Record<string, unknown>, news: Record<string, unknown>, sameInstance: boolean): boolean {
    const owner = ownerInput(news);
    return owner !== undefined && !(sameInstance && ownerInput(olds) === owner);
}

/**
 * Judges at `check` time the owner tag that `readTag` reads (`missing`: no such instance, which
 * `up` reports itself). A read that fails does not fail the preview: the plan says ownership is
 * checked at up, where the take re-reads the tag before any change anyway.
 *
 * @param what the instance as messages name it, e.g. `instance i-bp1…`.
 * @param previous the owner the resource recorded before (old inputs), for a renamed stack.
 */
export async function checkOwnership(
    what: string,
    owner: string,
    previous: string | undefined,
    takeOver: boolean,
    readTag: () => Promise<string | undefined | "missing">,
): Promise<OwnershipCheck> {
    let tag: string | undefined | "missing";
    try {
        tag = await readTag();
    } catch (err) {
        return { plan: `ownership of ${what} is checked at up (the preview could not read its tag ${OWNER_TAG_KEY}: ${(err as Error).message})` };
    }
    if (tag === "missing") return {};
    const verdict = judgeOwner(tag, owner, previous, takeOver);
    if (verdict.kind === "foreign") return { failure: foreignOwnerMessage(what, verdict.owner, owner) };
    if (tag === owner) return {};
    if (verdict.kind === "takeOver") return { plan: `take over ${what} from stack "${verdict.from}" (takeOver): tag ${OWNER_TAG_KEY}=${owner}` };
    return { plan: `record ownership: tag ${OWNER_TAG_KEY}=${owner} on ${what}${tag === undefined ? "" : ` (was "${tag}")`}` };
}

/** The plan with the ownership plan in front of it (a plan of "none" is replaced). */
export function withOwnershipPlan(plan: unknown, ownership: string | undefined, none: string): unknown {
    if (ownership === undefined) return plan;
    return typeof plan === "string" && plan !== none ? `${ownership}; ${plan}` : ownership;
}
