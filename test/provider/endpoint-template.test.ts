import { expect } from "chai";
import { resolveAlicloudTarget } from "../../provider/alicloud/credentials/credentials";
import { expandEndpoint } from "../../provider/core/transport/endpoint";
import { clearStackConfig } from "../../provider/core/credentials/stack-config";
import { resolveCredentials } from "../../provider/huaweicloud/credentials/credentials";
import { replaceEnvironment } from "../support/environment";

describe("per-region endpoint override ({region})", () => {
    it("expands every {region}; a template without it is one endpoint for all regions", () => {
        expect(expandEndpoint("http://127.0.0.1:8787/{region}", "cn-shanghai", "x")).to.equal("http://127.0.0.1:8787/cn-shanghai");
        expect(expandEndpoint("https://ecs.{region}.internal/{region}", "cn-hangzhou", "x")).to.equal("https://ecs.cn-hangzhou.internal/cn-hangzhou");
        expect(expandEndpoint("http://127.0.0.1:8787", "cn-shanghai", "x")).to.equal("http://127.0.0.1:8787");
        expect(() => expandEndpoint("http://h/{region}", undefined, "ECS_OPS_HUAWEICLOUD_ENDPOINT")).to.throw(
            /^ECS_OPS_HUAWEICLOUD_ENDPOINT contains \{region\} but no region is set/,
        );
    });

    it("Alibaba: the resource's region picks the endpoint", () => {
        const restore = replaceEnvironment(
            ["ECS_OPS_ALICLOUD_ENDPOINT", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_REGION_ID"],
            {
                ECS_OPS_ALICLOUD_ENDPOINT: "http://127.0.0.1:8787/{region}/",
                ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
                ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret",
                ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
            },
        );
        clearStackConfig();
        try {
            expect(resolveAlicloudTarget().endpoint).to.equal("http://127.0.0.1:8787/cn-hangzhou");
            expect(resolveAlicloudTarget("cn-shanghai").endpoint).to.equal("http://127.0.0.1:8787/cn-shanghai");
        } finally {
            restore();
        }
    });

    it("Huawei: the configured region picks the endpoint; without a region the template is refused", () => {
        const keys = ["ECS_OPS_HUAWEICLOUD_ENDPOINT", "HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_REGION_NAME", "HW_PROJECT_ID"];
        const base = {
            ECS_OPS_HUAWEICLOUD_ENDPOINT: "http://127.0.0.1:8787/{region}",
            HW_ACCESS_KEY: "AK",
            HW_SECRET_KEY: "SK",
            HW_PROJECT_ID: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        };
        clearStackConfig();
        let restore = replaceEnvironment(keys, { ...base, HW_REGION_NAME: "cn-north-4" });
        try {
            expect(resolveCredentials().endpoint).to.equal("http://127.0.0.1:8787/cn-north-4");
        } finally {
            restore();
        }
        restore = replaceEnvironment(keys, base);
        try {
            expect(() => resolveCredentials()).to.throw(/ECS_OPS_HUAWEICLOUD_ENDPOINT contains \{region\}/);
        } finally {
            restore();
        }
    });
});
