import { z } from "zod";

/** An ECS instance id: `i-` and lowercase letters or digits, e.g. `i-bp67acfmxazb4ph00001`. */
export const instanceIdSchema = z
    .string({ error: (iss) => (iss.input === undefined ? "is required" : "must be a string such as i-bp67acfmxazb4ph00001") })
    .regex(/^i-[0-9a-z]+$/, { error: "must be an ECS instance id: i- followed by lowercase letters and digits (e.g. i-bp67acfmxazb4ph00001)" })
    .max(64, { error: "must be at most 64 characters" });

/** An ECS disk id: `d-` and lowercase letters or digits, e.g. `d-bp67acfmxazb4ph00001`. */
export const diskIdSchema = z
    .string({ error: (iss) => (iss.input === undefined ? "is required" : "must be a string such as d-bp67acfmxazb4ph00001") })
    .regex(/^d-[0-9a-z]+$/, { error: "must be an ECS disk id: d- followed by lowercase letters and digits (e.g. d-bp67acfmxazb4ph00001)" })
    .max(64, { error: "must be at most 64 characters" });

/** An Alibaba Cloud region id: the one pattern of the region input and of a region from config or the environment. */
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z0-9]+)+$/;

/** An Alibaba Cloud region id such as `cn-hangzhou`; when omitted, the configured region is used. */
export const regionSchema = z
    .string({ error: "must be a string such as cn-hangzhou" })
    .regex(REGION_PATTERN, { error: "must be a region id such as cn-hangzhou or ap-southeast-1" });

/** A name or description that looks like a URL: the Alibaba APIs refuse those starting with http:// or https://. */
const HTTP_PREFIX = /^https?:\/\//i;

/** Why a name or description breaks the no-URL rule of the Alibaba APIs, or undefined. */
export function httpPrefixProblem(text: string): string | undefined {
    return HTTP_PREFIX.test(text) ? "cannot start with http:// or https://" : undefined;
}

/** A boolean input; the message names the type expected. */
export const booleanSchema = z.boolean({ error: "must be true or false" });
