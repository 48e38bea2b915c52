// The plugin's handling of protocol values (provider/plugin/secrets.ts): secrets unwrapped at any
// depth with the top-level property marked, wrapped once on the way out, unset values left out so a
// protobuf Struct can carry the result.
import { expect } from "chai";
import { isWireSecret, SECRET_SIG, SPECIAL_SIG_KEY, structSafe, unwrapProperties, wrapProperties } from "../../provider/plugin/secrets";

const secret = (value: unknown): Record<string, unknown> => ({ [SPECIAL_SIG_KEY]: SECRET_SIG, value });

describe("the plugin's secrets and struct values", () => {
    it("unwraps secrets at any depth and names the top-level properties that held one", () => {
        const { plain, secretNames } = unwrapProperties({ a: secret("x"), b: [1, secret(2)], c: { d: { e: secret(true) } }, f: "plain" });
        expect(plain).to.deep.equal({ a: "x", b: [1, 2], c: { d: { e: true } }, f: "plain" });
        expect([...secretNames].sort()).to.deep.equal(["a", "b", "c"]);
    });

    it("wraps the named properties once, leaves the rest and drops unset ones", () => {
        const out = wrapProperties({ a: "x", b: secret("y"), c: 3, d: undefined, e: null }, ["a", "b"], ["e"]);
        expect(out).to.deep.equal({ a: secret("x"), b: secret("y"), c: 3, e: null });
        expect(isWireSecret(out.a)).to.equal(true);
    });

    it("makes values a protobuf Struct accepts: undefined dropped from objects, null in arrays", () => {
        expect(structSafe({ a: undefined, b: [undefined, { c: undefined, d: 1 }] })).to.deep.equal({ b: [null, { d: 1 }] });
    });
});
