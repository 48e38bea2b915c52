/**
 * The ECS administrator password rules applied to `adminpass` on reinstall (answered with
 * `Ecs.0011`). From the reinstallos references and the ECS password-complexity table:
 * - 8 to 26 characters;
 * - at least three of: upper-case letters, lower-case letters, digits, special characters;
 * - special characters only from `!@$%^-_=+[{}]:,./?~#*` (Windows also accepts `(` and `)`);
 * - must not contain the administrator user name (`root` on Linux, `Administrator` on Windows)
 *   or that name spelled backwards (compared case-insensitively);
 * - Windows only: must not contain more than two consecutive characters in the same sequence as
 *   they appear in the user name;
 * - must not be an easily guessed password (the fixture's `weakPasswords`, case-insensitively).
 * The password itself never appears in a message.
 */

/** Operating-system family, which decides the user name and the special-character set. */
export type OsType = "Linux" | "Windows";

/** Special characters allowed in every ECS password. */
export const LINUX_SPECIALS = "!@$%^-_=+[{}]:,./?~#*";
/** Special characters allowed in a Windows ECS password. */
export const WINDOWS_SPECIALS = "!@$%^-_=+[{()}]:,./?~#*";

/** The administrator account whose name the password must not contain. */
export function adminUserName(os: OsType): string {
    return os === "Windows" ? "Administrator" : "root";
}

/**
 * Returns the first rule `password` breaks (a sentence naming the rule, never the password), or
 * null when it is acceptable.
 */
export function passwordViolation(password: string, os: OsType, weakPasswords: readonly string[]): string | null {
    const chars = [...password];
    if (chars.length < 8 || chars.length > 26) return "adminpass must contain 8 to 26 characters.";
    const specials = os === "Windows" ? WINDOWS_SPECIALS : LINUX_SPECIALS;
    let upper = false;
    let lower = false;
    let digit = false;
    let special = false;
    for (const c of chars) {
        if (c >= "A" && c <= "Z") upper = true;
        else if (c >= "a" && c <= "z") lower = true;
        else if (c >= "0" && c <= "9") digit = true;
        else if (specials.includes(c)) special = true;
        else return `adminpass may contain only letters, digits and the special characters ${specials}.`;
    }
    const classes = [upper, lower, digit, special].filter(Boolean).length;
    if (classes < 3) {
        return "adminpass must contain at least three of: uppercase letters, lowercase letters, digits, special characters.";
    }
    const user = adminUserName(os).toLowerCase();
    const lowered = password.toLowerCase();
    if (lowered.includes(user) || lowered.includes([...user].reverse().join(""))) {
        return `adminpass must not contain the user name ${adminUserName(os)} or the user name spelled backwards.`;
    }
    if (os === "Windows") {
        for (let i = 0; i + 3 <= user.length; i++) {
            if (lowered.includes(user.slice(i, i + 3))) {
                return `adminpass must not contain more than two consecutive characters in the same sequence as in the user name ${adminUserName(os)}.`;
            }
        }
    }
    if (weakPasswords.some((w) => w.toLowerCase() === lowered)) {
        return "adminpass is an easily guessed password.";
    }
    return null;
}
