import { progress } from "../resource/progress";
import { foreignOwnerMessage, judgeOwner, OWNER_TAG_KEY, OwnerVerdict } from "./owner";

// Taking and releasing an instance (or server) for a stack, the same on both clouds: each cloud gives
// how its owner tag is read and written (provider/<cloud>/api/ownership.ts).

/** How one cloud reads and writes the owner tag of one instance or server. */
export interface OwnerTagAccess {
    /** The object as messages name it, e.g. `instance i-bp1…` or `server 1b2c…`. */
    what: string;
    /** Subject of progress lines. */
    subject: string;
    /** The owner tag as read now; `missing` when the object no longer exists. */
    read(): Promise<string | undefined | "missing">;
    /** Sets the tag to `owner`, or removes it when undefined (the cloud's one tag-writing function). */
    write(owner: string | undefined): Promise<void>;
}

/**
 * Takes an object for `owner` before any change is sent, given its owner tag as just read: refuses one
 * naming another stack (unless `takeOver`), and writes the tag when it does not name `owner` yet.
 *
 * @param previous the owner the resource recorded before (its state), for a renamed stack.
 */
export async function claimOwnership(
    access: OwnerTagAccess,
    tag: string | undefined,
    owner: string,
    previous: string | undefined,
    takeOver: boolean,
): Promise<OwnerVerdict> {
    const verdict = judgeOwner(tag, owner, previous, takeOver);
    if (verdict.kind === "foreign") throw new Error(`${foreignOwnerMessage(access.what, verdict.owner, owner)}. Nothing was changed.`);
    if (tag !== owner) {
        progress(
            access.subject,
            verdict.kind === "takeOver"
                ? `taking over ${access.what} from stack "${verdict.from}": tag ${OWNER_TAG_KEY}=${owner}`
                : `recording ownership of ${access.what}: tag ${OWNER_TAG_KEY}=${owner}`,
        );
        await access.write(owner);
    }
    return verdict;
}

/**
 * Releases an object: removes its owner tag when it still names `owner` (a tag another stack wrote
 * since a takeOver is left alone). Never fails the release: a failure only warns.
 */
export async function releaseOwnership(access: OwnerTagAccess, owner: string): Promise<void> {
    try {
        const tag = await access.read();
        if (tag === "missing" || tag === undefined) return;
        if (tag !== owner) {
            progress(access.subject, `${access.what} is now owned by stack "${tag}": its tag ${OWNER_TAG_KEY} is left as it is`);
            return;
        }
        await access.write(undefined);
        progress(access.subject, `removed tag ${OWNER_TAG_KEY} of ${access.what}`);
    } catch (err) {
        progress(access.subject, `warning: could not remove tag ${OWNER_TAG_KEY} of ${access.what}: ${(err as Error).message}`);
    }
}
