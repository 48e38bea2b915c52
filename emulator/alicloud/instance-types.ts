import { InstanceTypeSpec } from "./model-types";

function type(spec: Omit<InstanceTypeSpec, "remoteConnection"> & { remoteConnection?: boolean }): InstanceTypeSpec {
    return { remoteConnection: false, ...spec };
}

/**
 * The instance types the emulator knows by default (a fixture may add or override some under
 * `instanceTypes`). Numbers follow the published specifications of each family.
 */
export const BUILTIN_INSTANCE_TYPES: InstanceTypeSpec[] = [
    type({
        instanceTypeId: "ecs.g7.large", instanceTypeFamily: "ecs.g7", cpu: 2, memoryGiB: 8, coreCount: 1, threadsPerCore: 2,
        threadsPerCoreModifiable: true, topologyTypes: [], burstable: false, jumboFrame: true, defaultQueueNumber: 2,
        maxQueueNumberPerEni: 2, totalQueueNumber: 6, nestedVirtualization: false, networkEncryption: false, remoteConnection: true,
    }),
    type({
        instanceTypeId: "ecs.g7.xlarge", instanceTypeFamily: "ecs.g7", cpu: 4, memoryGiB: 16, coreCount: 2, threadsPerCore: 2,
        threadsPerCoreModifiable: true, topologyTypes: [], burstable: false, jumboFrame: true, defaultQueueNumber: 4,
        maxQueueNumberPerEni: 4, totalQueueNumber: 12, nestedVirtualization: false, networkEncryption: false, remoteConnection: true,
    }),
    type({
        instanceTypeId: "ecs.c7.xlarge", instanceTypeFamily: "ecs.c7", cpu: 4, memoryGiB: 8, coreCount: 2, threadsPerCore: 2,
        threadsPerCoreModifiable: true, topologyTypes: [], burstable: false, jumboFrame: true, defaultQueueNumber: 4,
        maxQueueNumberPerEni: 4, totalQueueNumber: 12, nestedVirtualization: false, networkEncryption: false,
    }),
    type({
        instanceTypeId: "ecs.g8i.xlarge", instanceTypeFamily: "ecs.g8i", cpu: 4, memoryGiB: 16, coreCount: 2, threadsPerCore: 2,
        threadsPerCoreModifiable: true, topologyTypes: ["ContinuousCoreToHTMapping", "DiscreteCoreToHTMapping"], burstable: false,
        jumboFrame: true, defaultQueueNumber: 4, maxQueueNumberPerEni: 4, totalQueueNumber: 16, nestedVirtualization: true,
        networkEncryption: true, remoteConnection: true,
    }),
    type({
        instanceTypeId: "ecs.g6.large", instanceTypeFamily: "ecs.g6", cpu: 2, memoryGiB: 8, coreCount: 1, threadsPerCore: 2,
        threadsPerCoreModifiable: false, topologyTypes: [], burstable: false, jumboFrame: false, defaultQueueNumber: 2,
        maxQueueNumberPerEni: 2, totalQueueNumber: 4, nestedVirtualization: false, networkEncryption: false,
    }),
    type({
        instanceTypeId: "ecs.t6-c1m2.large", instanceTypeFamily: "ecs.t6", cpu: 2, memoryGiB: 4, coreCount: 1, threadsPerCore: 2,
        threadsPerCoreModifiable: false, topologyTypes: [], burstable: true, jumboFrame: false, defaultQueueNumber: 1,
        maxQueueNumberPerEni: 2, totalQueueNumber: 2, nestedVirtualization: false, networkEncryption: false,
    }),
    type({
        instanceTypeId: "ecs.t5-lc1m2.small", instanceTypeFamily: "ecs.t5", cpu: 1, memoryGiB: 2, coreCount: 1, threadsPerCore: 1,
        threadsPerCoreModifiable: false, topologyTypes: [], burstable: true, jumboFrame: false, defaultQueueNumber: 1,
        maxQueueNumberPerEni: 1, totalQueueNumber: 1, nestedVirtualization: false, networkEncryption: false,
    }),
    type({
        instanceTypeId: "ecs.sn1.medium", instanceTypeFamily: "ecs.sn1", cpu: 2, memoryGiB: 4, coreCount: 1, threadsPerCore: 2,
        threadsPerCoreModifiable: false, topologyTypes: [], burstable: false, jumboFrame: false, defaultQueueNumber: 1,
        maxQueueNumberPerEni: 1, totalQueueNumber: 1, nestedVirtualization: false, networkEncryption: false,
    }),
];
