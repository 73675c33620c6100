import { z } from 'zod';

/**
 * Everything the deployment of infrabot itself can be told, with defaults that work. `npm run synth` reads an
 * optional JSON file of overrides (`terraform/inputs.json`, or the file named by `INFRABOT_DEPLOY_INPUTS`) and
 * parses it with this schema, so a wrong value stops the synth with the field's name and what was expected.
 * The stacks (and their plan and apply roles) come from `infrabot.yaml`, never from here.
 */

/** The retention periods CloudWatch Logs accepts, in days. */
const logRetentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const RetentionSchema = z
  .number()
  .int()
  .refine((days) => (logRetentionDays as readonly number[]).includes(days), {
    error: `expected a CloudWatch Logs retention in days: one of ${logRetentionDays.join(', ')}`,
  });

/** Reserved concurrency of one Lambda; `null` leaves the function on the account's unreserved pool. */
const ConcurrencySchema = z.number().int().min(1).max(1000).nullable();

const LambdaSettingsSchema = z
  .object({
    memoryMb: z.number().int().min(128).max(10_240),
    timeoutSeconds: z.number().int().min(3).max(900),
    reservedConcurrency: ConcurrencySchema,
  })
  .strict();

/** The worker polls an Athena query for up to 5 minutes, then reads and posts its results. */
const workerMinimumTimeout = 330;
const WorkerSettingsSchema = LambdaSettingsSchema.refine((s) => s.timeoutSeconds >= workerMinimumTimeout, {
  error: `the selfservice-worker polls invalidations for 4 minutes and queries for 5: give it at least ${workerMinimumTimeout} seconds (default 360)`,
  path: ['timeoutSeconds'],
});

const VpcSchema = z
  .object({
    vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, { error: 'expected a VPC id such as vpc-0abc1234' }),
    subnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]+$/, { error: 'expected subnet ids such as subnet-0abc1234' }))
      .min(1),
    securityGroupIds: z
      .array(z.string().regex(/^sg-[0-9a-f]+$/, { error: 'expected security group ids such as sg-0abc1234' }))
      .min(1),
  })
  .strict();

const s3Location = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;
const s3LocationError = 'expected an S3 location such as s3://bucket/prefix/';

const ArnSchema = z
  .string()
  .regex(/^arn:aws(-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/, { error: 'expected an ARN' });

export const DeployInputsSchema = z
  .object({
    /** The AWS region everything is created in. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'expected an AWS region such as eu-west-1' })
      .default('eu-west-1'),
    /** Prefix of every resource name (functions, projects, table, secrets, alarms). */
    namePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,23}$/, {
        error: 'expected 2 to 24 lowercase letters, digits and -, starting with a letter',
      })
      .default('infrabot'),
    /** Path of `infrabot.yaml`, relative to the repository root; its stacks name the roles CodeBuild may assume. */
    configPath: z.string().min(1).default('infrabot.yaml'),
    /** Where `npm run build` puts the Lambda bundles, relative to the repository root. */
    bundlesDir: z.string().min(1).default('dist/lambdas'),
    /** Where the buildspecs live, relative to the repository root. */
    buildspecsDir: z.string().min(1).default('buildspecs'),
    /**
     * Where Terraform keeps the state of this deployment. Absent, a local file `infrabot.tfstate` beside the
     * synth output folder (terraform/infrabot.tfstate), outside what synth rewrites. For a team, use S3.
     */
    backend: z
      .object({
        s3: z
          .object({
            bucket: z.string().min(3),
            key: z.string().min(1).default('infrabot/terraform.tfstate'),
            region: z.string().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    /**
     * How infrabot authenticates to GitHub (PR comments, the webhook): a GitHub App (its private key in the
     * `GITHUB_APP_PRIVATE_KEY` secret, `appId` here), a token (`GITHUB_TOKEN` secret), or not at all. With
     * `app` or `token` the `GITHUB_WEBHOOK_SECRET` secret is created too.
     */
    github: z
      .object({
        auth: z.enum(['app', 'token', 'none']).default('app'),
        appId: z
          .union([z.string().regex(/^\d+$/, { error: 'expected the numeric GitHub App ID' }), z.number().int()])
          .transform(String)
          .optional(),
        apiUrl: z.url({ error: 'expected the GitHub API URL, e.g. https://github.example.com/api/v3' }).optional(),
      })
      .strict()
      .prefault({}),
    /** Tags on every resource that takes tags. */
    tags: z.record(z.string(), z.string()).default({ app: 'infrabot' }),
    lambdas: z
      .object({
        logRetentionDays: RetentionSchema.default(30),
        bot: LambdaSettingsSchema.default({ memoryMb: 512, timeoutSeconds: 30, reservedConcurrency: 10 }),
        dispatcher: LambdaSettingsSchema.default({ memoryMb: 256, timeoutSeconds: 60, reservedConcurrency: 5 }),
        notifier: LambdaSettingsSchema.default({ memoryMb: 256, timeoutSeconds: 60, reservedConcurrency: 5 }),
        /** Deployed only with a `cdn` or `logs` section in infrabot.yaml. */
        'selfservice-worker': WorkerSettingsSchema.default({
          memoryMb: 256,
          timeoutSeconds: 360,
          reservedConcurrency: 5,
        }),
      })
      .strict()
      .prefault({}),
    codebuild: z
      .object({
        /**
         * The build image, with bash and the AWS CLI. The buildspecs install the pinned Terraform
         * (`INFRABOT_TF_VERSION`, checksum-verified) when the image has none; OpenTofu must be in the image.
         */
        image: z.string().min(1).default('aws/codebuild/amazonlinux-aarch64-standard:3.0'),
        /** The ECR repository of `image`, when it is private: the build roles may then pull from it, and only it. */
        imageRepositoryArn: z
          .string()
          .regex(/^arn:aws(-[a-z]+)*:ecr:[a-z0-9-]+:\d{12}:repository\/.+$/, {
            error: 'expected an ECR repository ARN (arn:aws:ecr:<region>:<account>:repository/<name>)',
          })
          .optional(),
        environmentType: z.enum(['LINUX_CONTAINER', 'ARM_CONTAINER']).default('ARM_CONTAINER'),
        computeType: z
          .string()
          .regex(/^BUILD_GENERAL1_[A-Z0-9_]+$/, {
            error: 'expected a CodeBuild compute type such as BUILD_GENERAL1_SMALL',
          })
          .default('BUILD_GENERAL1_SMALL'),
        /** Build timeout; when absent, `jobs.timeout` of infrabot.yaml (rounded up to minutes), else 60. */
        timeoutMinutes: z.number().int().min(5).max(2160).optional(),
        queuedTimeoutMinutes: z.number().int().min(5).max(480).default(60),
        logRetentionDays: RetentionSchema.default(30),
        /** Run builds inside a VPC (to reach private endpoints); absent runs them on CodeBuild's network. */
        vpc: VpcSchema.optional(),
        /**
         * A CodeConnections (GitHub App) connection CodeBuild uses to clone the Terraform repository. Absent,
         * CodeBuild uses the account's GitHub source credential (`aws codebuild import-source-credentials`).
         */
        sourceConnectionArn: ArnSchema.optional(),
      })
      .strict()
      .prefault({}),
    artifacts: z
      .object({
        /** Bucket name; absent, `<prefix>-artifacts-<account>-<region>`. */
        bucketName: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
            error: 'expected an S3 bucket name: 3 to 63 lowercase letters, digits, . and -',
          })
          .optional(),
        /** A customer-managed KMS key for the bucket; absent, SSE-S3 (AES256). */
        kmsKeyArn: ArnSchema.optional(),
        expireJobsAfterDays: z.number().int().min(1).default(30),
        expireCacheAfterDays: z.number().int().min(1).default(14),
        versioning: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    table: z
      .object({
        /** Refuse `terraform destroy` of the table until this is turned off. */
        deletionProtection: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    secrets: z
      .object({
        /** Days a deleted secret can still be restored (0 deletes at once). */
        recoveryWindowDays: z.union([z.literal(0), z.number().int().min(7).max(30)]).default(7),
        kmsKeyArn: ArnSchema.optional(),
      })
      .strict()
      .prefault({}),
    events: z
      .object({
        maximumRetryAttempts: z.number().int().min(0).max(185).default(8),
        maximumEventAgeSeconds: z.number().int().min(60).max(86_400).default(3_600),
      })
      .strict()
      .prefault({}),
    alarms: z
      .object({
        /** Addresses subscribed to the alarm topic (each confirms the subscription by email). */
        emails: z.array(z.email()).default([]),
        /** Further SNS topics (a pager, a chat integration) that alarms notify. */
        topicArns: z.array(ArnSchema).default([]),
        periodSeconds: z.number().int().min(60).default(300),
        /** With a drift schedule: alarm when some stack has stayed drifted (and not snoozed) this many hours. */
        driftHours: z.number().int().min(1).max(168).default(24),
      })
      .strict()
      .prefault({}),
    /**
     * Create the plan and apply roles of this stack (a name in infrabot.yaml), trusted only by the matching
     * CodeBuild role: an example to copy. The role names come from the stack's ARNs in infrabot.yaml.
     */
    exampleStack: z
      .object({
        stack: z.string().min(1),
        /**
         * The S3 backend holding the stack's state: its plan role may take and release the state lock there (the
         * `<key>.tflock` object, or the `<bucket>/<key>` item of a DynamoDB lock table) and write nothing else.
         */
        state: z
          .object({
            bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name' }),
            key: z.string().min(1),
            /** An older backend's DynamoDB lock table (`dynamodb_table`); absent, the S3 lock file (`use_lockfile`). */
            lockTable: z
              .string()
              .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: 'expected a DynamoDB table name' })
              .optional(),
            /** The lock table's region; absent, `region`. */
            region: z.string().optional(),
          })
          .strict(),
        planPolicyArns: z.array(ArnSchema).default(['arn:aws:iam::aws:policy/ReadOnlyAccess']),
        applyPolicyArns: z.array(ArnSchema).default([]),
      })
      .strict()
      .optional(),
    /** Roles for the `/cdn` and `/logs` workers, made from the `cdn` and `logs` sections of infrabot.yaml. */
    selfService: z
      .object({
        /** Where Athena writes results, `s3://bucket/prefix/`; the logs role is created only when set. */
        athenaResultsLocation: z.string().regex(s3Location, { error: s3LocationError }).optional(),
        /** Where the queried tables' data lives, `s3://bucket/prefix/`, read by the logs role. */
        athenaDataLocations: z.array(z.string().regex(s3Location, { error: s3LocationError })).default([]),
        /** Tables the presets read; absent, the names after FROM and JOIN in the presets' SQL. */
        athenaTables: z
          .array(z.string().regex(/^[A-Za-z0-9_]+$/, { error: 'expected a table name of letters, digits and _' }))
          .optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The deployment inputs as written in `terraform/inputs.json`. */
export type DeployInputsFile = z.input<typeof DeployInputsSchema>;
/** The deployment inputs with every default filled in. */
export type DeployInputs = z.infer<typeof DeployInputsSchema>;
export type LambdaSettings = z.infer<typeof LambdaSettingsSchema>;

/** Reads deployment inputs, naming the field and what was expected when one is wrong. */
export function parseDeployInputs(
  raw: unknown,
  source = 'deployment inputs',
): { ok: true; inputs: DeployInputs } | { ok: false; error: string } {
  const parsed = DeployInputsSchema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, inputs: parsed.data };
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, error: `${source} are not valid:\n${lines.join('\n')}` };
}

/** The defaults alone, for tests and for `npm run synth` without an inputs file. */
export function defaultDeployInputs(): DeployInputs {
  return DeployInputsSchema.parse({});
}
