/** The placeholder of a per-region endpoint override, e.g. `http://127.0.0.1:8787/{region}`. */
export const REGION_PLACEHOLDER = "{region}";

/**
 * Expands a per-region endpoint override: every `{region}` becomes the region of the call, so one
 * setting reaches each region at its own endpoint (`https://ecs.{region}.example.internal`, or the
 * emulator's `http://127.0.0.1:8787/{region}`). A template without the placeholder is one endpoint
 * for every region. Throws, naming `source`, when the template needs a region and none is known.
 */
export function expandEndpoint(template: string, region: string | undefined, source: string): string {
    if (!template.includes(REGION_PLACEHOLDER)) return template;
    if (region === undefined || region === "") {
        throw new Error(`${source} contains ${REGION_PLACEHOLDER} but no region is set for this call`);
    }
    return template.split(REGION_PLACEHOLDER).join(region);
}
