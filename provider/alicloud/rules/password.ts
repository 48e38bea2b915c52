import { z } from "zod";

// The logon password rules of the Alibaba ECS APIs. ModifyInstanceAttribute and ReInitDisk share
// them except for the list of special characters, which each reference gives on its own.

/** Special characters ModifyInstanceAttribute allows, exactly as its reference lists them (no backquote). */
export const MODIFY_PASSWORD_SPECIALS = "()~!@#$%^&*-_+=|{}[]:;'<>,.?/";

/** Special characters ReInitDisk allows, as its reference lists them (backquote included). */
export const REINIT_PASSWORD_SPECIALS = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/";

/**
 * Every way a password breaks the rules that do not depend on the OS: 8 to 30 characters, at least
 * three of uppercase, lowercase, digits and `specials`, nothing else. Messages never contain the
 * password or any of its characters.
 */
export function passwordFailures(password: string, specials: string): string[] {
    const classes: ReadonlyArray<[string, (c: string) => boolean]> = [
        ["uppercase letters", (c) => c >= "A" && c <= "Z"],
        ["lowercase letters", (c) => c >= "a" && c <= "z"],
        ["digits", (c) => c >= "0" && c <= "9"],
        ["special characters", (c) => specials.includes(c)],
    ];
    const failures: string[] = [];
    const chars = [...password];
    if (chars.length < 8 || chars.length > 30) failures.push(`must be 8 to 30 characters long (got ${chars.length})`);
    const foreign = chars.filter((c) => !classes.some(([, test]) => test(c)));
    if (foreign.length > 0) {
        failures.push(
            `may contain only letters, digits and the special characters ${specials} (found ${foreign.length} other character${foreign.length === 1 ? "" : "s"})`,
        );
    }
    const present = classes.filter(([, test]) => chars.some(test)).map(([name]) => name);
    if (present.length < 3) {
        failures.push(
            `must contain at least three of: uppercase letters, lowercase letters, digits, special characters (found ${present.length === 0 ? "none" : present.join(", ")})`,
        );
    }
    return failures;
}

/** The Windows-only rule, checked once the instance's OS is known: no leading forward slash. */
export function windowsPasswordFailure(password: string): string | undefined {
    return password.startsWith("/") ? "must not start with a forward slash (/) on a Windows instance" : undefined;
}

/**
 * A password input under the rules of `passwordFailures` with the special characters one API
 * allows (`MODIFY_PASSWORD_SPECIALS`, `REINIT_PASSWORD_SPECIALS`): every failure reported, none
 * naming the password or its characters. The one password rule of every Alibaba resource.
 */
export function passwordSchema(specials: string): z.ZodString {
    return z.string({ error: "must be a string" }).superRefine((password, ctx) => {
        for (const message of passwordFailures(password, specials)) ctx.addIssue({ code: "custom", message });
    });
}
