import { z } from "zod";

// The password rules of Huawei ECS (reinstallos v1/v2 references, `adminpass`), checked in `check`
// with messages that never repeat any part of the password. Used by ServerReinstall's `adminPass`.

/** The special characters a Huawei ECS password may contain (reinstallos v1/v2 references). */
export const PASSWORD_SPECIALS = "!@$%^-_=+[{}]:,./?~#*";

const SPECIAL_CLASS = PASSWORD_SPECIALS.replace(/[\\\]^-]/g, "\\$&");
const ALLOWED_PASSWORD_CHAR = new RegExp(`^[A-Za-z0-9${SPECIAL_CLASS}]$`);

/** Administrator user names of Huawei images; a password must not contain them or their reverse. */
const USER_NAMES = ["root", "administrator"];

/**
 * The documented password rules that hold for every image, as messages that never repeat
 * any part of the password: 8-26 characters; only letters, digits and
 * `!@$%^-_=+[{}]:,./?~#*`; at least three of upper case, lower case, digits and specials;
 * not containing `root`/`Administrator` or their reverse (case-insensitive).
 */
export function passwordProblems(password: string): string[] {
    const problems: string[] = [];
    const chars = [...password];
    if (chars.length < 8 || chars.length > 26) problems.push(`must be 8 to 26 characters long (got ${chars.length})`);
    if (chars.some((c) => !ALLOWED_PASSWORD_CHAR.test(c))) {
        problems.push(`may contain only letters, digits and the special characters ${PASSWORD_SPECIALS}`);
    }
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, new RegExp(`[${SPECIAL_CLASS}]`)].filter((re) => re.test(password)).length;
    if (classes < 3) problems.push(`must contain at least three of: upper-case letters, lower-case letters, digits, special characters (has ${classes})`);
    const lower = password.toLowerCase();
    for (const name of USER_NAMES) {
        const reversed = [...name].reverse().join("");
        if (lower.includes(name) || lower.includes(reversed)) {
            problems.push(`must not contain the administrator user name "${name}" or its reverse "${reversed}" (any case)`);
        }
    }
    return problems;
}

/**
 * The extra rule for Windows images: no run of three or more consecutive characters of
 * `Administrator` (case-insensitive). Checked once the server's `os_type` is known.
 */
export function windowsPasswordProblem(password: string): string | undefined {
    const lower = password.toLowerCase();
    const name = "administrator";
    for (let i = 0; i + 3 <= name.length; i++) {
        if (lower.includes(name.slice(i, i + 3))) {
            return "must not contain three or more consecutive characters of the user name Administrator (Windows image)";
        }
    }
    return undefined;
}

/** A password input (`adminPass`): a string that keeps every rule of `passwordProblems`. */
export const passwordSchema = z.string({ error: "must be a string" }).superRefine((value, ctx) => {
    for (const message of passwordProblems(value)) ctx.addIssue({ code: "custom", message });
});
