import * as z from "zod/mini";
export declare const PlanSchema: z.ZodMiniObject<{
    description: z.ZodMiniOptional<z.ZodMiniString<string>>;
    state: z.ZodMiniOptional<z.ZodMiniString<string>>;
    signoff: z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniObject<{
        id: z.ZodMiniString<string>;
        title: z.ZodMiniString<string>;
        role: z.ZodMiniString<string>;
    }, z.core.$strict>>>;
    stages: z.ZodMiniArray<z.ZodMiniObject<{
        name: z.ZodMiniString<string>;
        percent: z.ZodMiniNumber<number>;
        audience: z.ZodMiniOptional<z.ZodMiniString<string>>;
        bake: z.ZodMiniOptional<z.ZodMiniString<string>>;
        exit: z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniObject<{
            id: z.ZodMiniString<string>;
            title: z.ZodMiniString<string>;
            role: z.ZodMiniString<string>;
        }, z.core.$strict>>>;
    }, z.core.$strict>>;
    gates: z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniObject<{
        "no-data": z.ZodMiniDefault<z.ZodMiniEnum<{
            hold: "hold";
            fail: "fail";
            pass: "pass";
        }>>;
        for: z.ZodMiniOptional<z.ZodMiniString<string>>;
        below: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
        above: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
        name: z.ZodMiniString<string>;
        query: z.ZodMiniOptional<z.ZodMiniString<string>>;
    }, z.core.$strict>>>;
    rollback: z.ZodMiniDefault<z.ZodMiniObject<{
        to: z.ZodMiniDefault<z.ZodMiniUnion<readonly [z.ZodMiniNumber<number>, z.ZodMiniString<string>]>>;
        when: z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniObject<{
            for: z.ZodMiniOptional<z.ZodMiniString<string>>;
            below: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
            above: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
            gate: z.ZodMiniString<string>;
        }, z.core.$strict>>>;
        notify: z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniString<string>>>;
    }, z.core.$strict>>;
    alerts: z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniObject<{
        for: z.ZodMiniOptional<z.ZodMiniString<string>>;
        notify: z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniString<string>>>;
        below: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
        above: z.ZodMiniOptional<z.ZodMiniNumber<number>>;
        gate: z.ZodMiniString<string>;
    }, z.core.$strict>>>;
    notify: z.ZodMiniDefault<z.ZodMiniArray<z.ZodMiniString<string>>>;
    flagd: z.ZodMiniOptional<z.ZodMiniUnion<readonly [z.ZodMiniBoolean<boolean>, z.ZodMiniObject<{
        path: z.ZodMiniOptional<z.ZodMiniString<string>>;
        "audience-attribute": z.ZodMiniOptional<z.ZodMiniString<string>>;
    }, z.core.$strict>]>>;
}, z.core.$strict>;
export type PlanInput = z.input<typeof PlanSchema>;
export type PlanData = z.output<typeof PlanSchema>;
