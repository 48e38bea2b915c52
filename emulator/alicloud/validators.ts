/** The documented format rules of names, hostnames, passwords and user data. */

/** Special characters ModifyInstanceAttribute accepts in passwords. */
export const MODIFY_PASSWORD_SPECIALS = "()~!@#$%^&*-_+=|{}[]:;'<>,.?/";
/** Special characters ReInitDisk accepts in passwords (the backquote too). */
export const REINIT_PASSWORD_SPECIALS = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/";

/** Largest raw (decoded) user data. */
export const MAX_USER_DATA_BYTES = 32 * 1024;

const HAN = /\p{Script=Han}/u;

function startsWithUrl(s: string): boolean {
    return /^https?:\/\//i.test(s);
}

/**
 * Instance name: 2-128 characters, starting with a letter or a Chinese character, not with
 * `http://`/`https://`; letters, Chinese characters, digits, colons, underscores, periods, hyphens.
 */
export function validInstanceName(name: string): boolean {
    const chars = [...name];
    if (chars.length < 2 || chars.length > 128 || startsWithUrl(name)) return false;
    if (!/[A-Za-z]/.test(chars[0]) && !HAN.test(chars[0])) return false;
    return chars.every((c) => /[A-Za-z0-9:_.-]/.test(c) || HAN.test(c));
}

/** Description: 2-256 characters, not starting with `http://`/`https://`. */
export function validDescription(description: string): boolean {
    const n = [...description].length;
    return n >= 2 && n <= 256 && !startsWithUrl(description);
}

/**
 * Hostname. Windows: 2-15 characters, letters, digits and hyphens, no periods, not only digits.
 * Others: 2-64 characters, segments of letters, digits and hyphens separated by periods; no
 * leading or trailing period or hyphen, no consecutive periods or hyphens.
 */
export function validHostName(hostName: string, osType: "linux" | "windows"): boolean {
    if (osType === "windows") {
        // The SDK documentation: no leading or trailing hyphen, no consecutive hyphens, not only digits.
        return /^[A-Za-z0-9-]{2,15}$/.test(hostName) && !/^\d+$/.test(hostName) && !/^-|-$|--/.test(hostName);
    }
    if (hostName.length < 2 || hostName.length > 64) return false;
    if (!/^[A-Za-z0-9.-]+$/.test(hostName)) return false;
    if (/^[.-]|[.-]$/.test(hostName)) return false;
    return !/\.\.|--/.test(hostName);
}

/** Password: 8-30 characters of letters, digits and `specials`, with at least three of the four kinds. */
export function validPassword(password: string, specials: string): boolean {
    if (password.length < 8 || password.length > 30) return false;
    let upper = false;
    let lower = false;
    let digit = false;
    let special = false;
    for (const c of password) {
        if (/[A-Z]/.test(c)) upper = true;
        else if (/[a-z]/.test(c)) lower = true;
        else if (/[0-9]/.test(c)) digit = true;
        else if (specials.includes(c)) special = true;
        else return false;
    }
    return [upper, lower, digit, special].filter(Boolean).length >= 3;
}

/** What is wrong with base64 user data, if anything: not base64, or more than 32 KB decoded. */
export function userDataProblem(base64: string): "base64" | "size" | null {
    if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return "base64";
    if (Buffer.from(base64, "base64").length > MAX_USER_DATA_BYTES) return "size";
    return null;
}
