// Run by the pulumi-resource-pulumi-nodejs launcher as `node -e <this> -- <dynamic-provider script> <args>`:
// answers `pulumi import` of a Node.js dynamic resource at once instead of letting the SDK's server fail
// on the missing serialized provider (`Cannot read properties of undefined (reading 'toJavaScript')`,
// or `code must be a string, not undefined`), then runs the SDK's server unchanged.
//
// A Read with no `__provider` among its properties is an import (a refresh always carries it). For an
// ecs-ops type the answer is the program line that adopts the object (ecs-ops/dist/provider/core/
// import-answer, resolved from the project); for any other type, that dynamic providers cannot import.
"use strict";
const path = require("path");
const script = process.argv[1];

function answerFor(urn, id) {
    // urn:pulumi:<stack>::<project>::<type, parents first, '$'-joined>::<name>
    const parts = String(urn).split("::");
    const type = (parts[2] || "").split("$").pop();
    const name = parts.slice(3).join("::");
    const prefix = "pulumi-nodejs:dynamic/ecs-ops:";
    if (type.startsWith(prefix)) {
        try {
            const answers = require(require.resolve("ecs-ops/dist/provider/core/import-answer", { paths: [process.cwd()] }));
            const text = answers.importCommandAnswer(type.slice(prefix.length), name, id);
            if (text) return text;
        } catch (e) {
            // Fall through to the general answer.
        }
    }
    return `${type} "${name}": resources of Node.js dynamic providers cannot be imported (the engine has no serialized provider for them); declare the resource in the program instead`;
}

try {
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(script)] }));
    const addService = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (service, implementation) {
        if (service && service.read && implementation && typeof implementation.read === "function") {
            const read = implementation.read.bind(implementation);
            implementation.read = (call, callback) => {
                const req = call.request;
                const props = req.getProperties ? req.getProperties() : undefined;
                const js = props ? props.toJavaScript() : undefined;
                if (js === undefined || js === null || js.__provider === undefined) {
                    callback({ code: grpc.status.INVALID_ARGUMENT, details: answerFor(req.getUrn(), req.getId()) }, null);
                    return;
                }
                read(call, callback);
            };
        }
        return addService.call(this, service, implementation);
    };
} catch (e) {
    // Without the guard the server still works; only the import answer is the SDK's.
}
require(script);
