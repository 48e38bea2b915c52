import * as pulumi from "@pulumi/pulumi";
import { warnOnPlaintextSecretConfig } from "../credentials/plaintext-config-warning";
import { additionalSecretOutputNames, declaredProps, ResourceDeclaration } from "./declaration";
import { DelegatingProvider, DelegatingResource } from "./delegating-provider";
import { refuseImport } from "./import-answer";

/**
 * The base class of every ecs-ops resource: registers the props its declaration derives from the
 * program's args (secret inputs as secrets, every output as a key, unknown keys for `check` to
 * refuse by name), with the declaration's secret outputs and state-only secrets encrypted by the
 * engine, under type `pulumi-nodejs:dynamic/ecs-ops:<type>`. Before that it refuses the `import`
 * option with the adoption line to write instead, and warns once about plaintext credentials in the
 * stack config when the resource calls a cloud.
 */
export abstract class DeclaredResource extends DelegatingResource {
    /**
     * @param provider the resource type's delegating provider (`delegatingProvider(REGISTRY_MODULE, declaration.type)`).
     * @param secretConfigKeys the cloud's credential keys to warn about when set in plaintext; none for a resource that calls no cloud.
     */
    protected constructor(
        provider: DelegatingProvider,
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any resource's declaration
        declaration: ResourceDeclaration<any, any, any, any>,
        name: string,
        args: object,
        opts: pulumi.CustomResourceOptions | undefined,
        secretConfigKeys?: readonly string[],
    ) {
        refuseImport(opts, declaration.type, name);
        if (secretConfigKeys !== undefined) warnOnPlaintextSecretConfig(secretConfigKeys);
        const secrets = additionalSecretOutputNames(declaration);
        const options = secrets.length === 0 ? opts : pulumi.mergeOptions(opts, { additionalSecretOutputs: secrets });
        super(provider, name, declaredProps(declaration, args), options, "ecs-ops", declaration.type);
    }
}
