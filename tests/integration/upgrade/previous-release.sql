--
-- PostgreSQL database dump
--

\restrict gmSJ9lSWgyTlFeLmoFYtxegt47sR3c5YfSPSQlBGWbonOOFUKxeCralOjNBXYpn

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: _prisma_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public._prisma_migrations (
    id character varying(36) NOT NULL,
    checksum character varying(64) NOT NULL,
    finished_at timestamp with time zone,
    migration_name character varying(255) NOT NULL,
    logs text,
    rolled_back_at timestamp with time zone,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    applied_steps_count integer DEFAULT 0 NOT NULL
);


--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    pipeline_id text,
    object_ids jsonb DEFAULT '[]'::jsonb NOT NULL,
    details jsonb DEFAULT '{}'::jsonb NOT NULL
);


--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_log_id_seq OWNED BY public.audit_log.id;


--
-- Name: instance_dependencies; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.instance_dependencies (
    pipeline_id text NOT NULL,
    instance_id text NOT NULL,
    depends_on_id text NOT NULL,
    kind text NOT NULL
);


--
-- Name: pipeline_definitions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pipeline_definitions (
    pipeline_id text NOT NULL,
    version integer NOT NULL,
    objects jsonb NOT NULL,
    parameter_objects jsonb DEFAULT '[]'::jsonb NOT NULL,
    parameter_values jsonb DEFAULT '[]'::jsonb NOT NULL,
    errored boolean DEFAULT false NOT NULL,
    validation_errors jsonb DEFAULT '[]'::jsonb NOT NULL,
    validation_warnings jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    activated_at timestamp(3) with time zone,
    activation_values jsonb
);


--
-- Name: pipeline_objects; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pipeline_objects (
    pk bigint NOT NULL,
    pipeline_id text NOT NULL,
    version integer NOT NULL,
    object_id text NOT NULL,
    name text NOT NULL,
    sphere text NOT NULL,
    "position" integer DEFAULT 0 NOT NULL,
    component_id text,
    instance_id text,
    status text,
    attempt_number integer,
    scheduled_start_time timestamp(3) with time zone,
    scheduled_end_time timestamp(3) with time zone,
    actual_start_time timestamp(3) with time zone,
    actual_end_time timestamp(3) with time zone,
    fields jsonb NOT NULL,
    created_at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    node_id text,
    worker_group text,
    hostname text,
    error_id text,
    error_message text,
    error_stack_trace text,
    cascade_failed_on text,
    reported_progress_at timestamp(3) with time zone,
    run_start_attempt integer DEFAULT 1 NOT NULL
)
WITH (autovacuum_vacuum_scale_factor='0.02', autovacuum_vacuum_threshold='1000', fillfactor='90');


--
-- Name: pipeline_objects_pk_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.pipeline_objects_pk_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: pipeline_objects_pk_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.pipeline_objects_pk_seq OWNED BY public.pipeline_objects.pk;


--
-- Name: pipelines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pipelines (
    id text NOT NULL,
    seq bigint NOT NULL,
    account_id text NOT NULL,
    name text NOT NULL,
    unique_id text NOT NULL,
    description text,
    state text DEFAULT 'PENDING'::text NOT NULL,
    tags jsonb DEFAULT '[]'::jsonb NOT NULL,
    latest_version integer,
    active_version integer,
    activation_count integer DEFAULT 0 NOT NULL,
    created_at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    first_activated_at timestamp(3) with time zone,
    last_activated_at timestamp(3) with time zone,
    last_deactivated_at timestamp(3) with time zone,
    finished_at timestamp(3) with time zone,
    resume_from timestamp(3) with time zone,
    deleted_at timestamp(3) with time zone
);


--
-- Name: pipelines_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.pipelines_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: pipelines_seq_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.pipelines_seq_seq OWNED BY public.pipelines.seq;


--
-- Name: task_runners; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.task_runners (
    taskrunner_id text NOT NULL,
    worker_group text,
    hostname text,
    first_seen_at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    last_heartbeat_at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    terminate_requested boolean DEFAULT false NOT NULL
);


--
-- Name: tasks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tasks (
    pk bigint NOT NULL,
    pipeline_id text NOT NULL,
    attempt_id text NOT NULL,
    worker_group text NOT NULL,
    state text DEFAULT 'READY'::text NOT NULL,
    ready_at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    task_id text,
    leased_at timestamp(3) with time zone,
    acked_at timestamp(3) with time zone,
    lease_expires_at timestamp(3) with time zone,
    hostname text,
    handouts integer DEFAULT 0 NOT NULL,
    cancel_requested boolean DEFAULT false NOT NULL,
    created_at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    instance_id text DEFAULT ''::text NOT NULL,
    is_precondition boolean DEFAULT false NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    progress_timeout_seconds integer,
    attempt_timeout_seconds integer,
    deadline_at timestamp(3) with time zone,
    last_progress_at timestamp(3) with time zone,
    plain_finish_version integer
)
WITH (autovacuum_vacuum_scale_factor='0.01', autovacuum_vacuum_threshold='500', fillfactor='80');


--
-- Name: tasks_pk_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.tasks_pk_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tasks_pk_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.tasks_pk_seq OWNED BY public.tasks.pk;


--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);


--
-- Name: pipeline_objects pk; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pipeline_objects ALTER COLUMN pk SET DEFAULT nextval('public.pipeline_objects_pk_seq'::regclass);


--
-- Name: pipelines seq; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pipelines ALTER COLUMN seq SET DEFAULT nextval('public.pipelines_seq_seq'::regclass);


--
-- Name: tasks pk; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tasks ALTER COLUMN pk SET DEFAULT nextval('public.tasks_pk_seq'::regclass);


--
-- Data for Name: _prisma_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public._prisma_migrations VALUES ('6b2e78cb-c254-49e8-b35d-d975b5939d28', '0a549729a539d329acd9df303000b661802f88868bb6d86872cdb273b38e6b9d', '2026-11-30 14:00:00.924601+00', '20261123000000_init', NULL, NULL, '2026-11-30 14:00:00.924601+00', 1);
INSERT INTO public._prisma_migrations VALUES ('6832e837-30bf-4377-af6c-1b99f84d9ae4', 'f8fe2ad0e398e54a372b1f8bf6847ff2c6784e8af3b817c438af171f2cbb6cdd', '2026-11-30 14:00:01.017448+00', '20261123010000_scheduler', NULL, NULL, '2026-11-30 14:00:01.017448+00', 1);
INSERT INTO public._prisma_migrations VALUES ('8820b779-9d4d-46d5-8f31-f4e8b85b759d', 'aa4efe1feec1eb64e9adcd5a51b2e47b855870c026f86fa30363e8b825038bd3', '2026-11-30 14:00:01.077049+00', '20261124000000_task_leaf_finish', NULL, NULL, '2026-11-30 14:00:01.077049+00', 1);
INSERT INTO public._prisma_migrations VALUES ('270265ec-ce75-4783-ac01-6fdedeaccb85', '0bdb93e77713e5fa86c7ab076661f407a29ee684f76cd53565715a9bb07ce2b8', '2026-11-30 14:00:01.079666+00', '20261124010000_run_history_vacuum', NULL, NULL, '2026-11-30 14:00:01.079666+00', 1);
INSERT INTO public._prisma_migrations VALUES ('e77af42e-d3ad-4d8d-8d47-2629e1f68783', '0006c8911e9ff9d5bbb6dbf25d127bf2a0de9c99661a7d60457db89e375dd3bf', '2026-11-30 14:00:01.08168+00', '20261124020000_waiting_instances_idx', NULL, NULL, '2026-11-30 14:00:01.08168+00', 1);


--
-- Data for Name: audit_log; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_log VALUES (1, '2026-11-30 14:00:07.41+00', 'api:PHAKUPGRADEFIXTURE01', 'CreatePipeline', 'df-PKDVFOE0E3G691F76GQM', '[]', '{"name": "upgrade-finished"}');
INSERT INTO public.audit_log VALUES (2, '2026-11-30 14:00:07.609+00', 'api:PHAKUPGRADEFIXTURE01', 'PutPipelineDefinition', 'df-PKDVFOE0E3G691F76GQM', '[]', '{"errored": false, "objects": 2, "version": 1}');
INSERT INTO public.audit_log VALUES (3, '2026-11-30 14:00:07.984+00', 'api:PHAKUPGRADEFIXTURE01', 'ActivatePipeline', 'df-PKDVFOE0E3G691F76GQM', '[]', '{"version": 1}');
INSERT INTO public.audit_log VALUES (4, '2026-11-30 14:00:08.136+00', 'api:PHAKUPGRADEFIXTURE01', 'CreatePipeline', 'df-757VJ3MYKHSV4JGEZ33C', '[]', '{"name": "upgrade-failed"}');
INSERT INTO public.audit_log VALUES (5, '2026-11-30 14:00:08.197+00', 'api:PHAKUPGRADEFIXTURE01', 'PutPipelineDefinition', 'df-757VJ3MYKHSV4JGEZ33C', '[]', '{"errored": false, "objects": 2, "version": 1}');
INSERT INTO public.audit_log VALUES (6, '2026-11-30 14:00:08.373+00', 'api:PHAKUPGRADEFIXTURE01', 'ActivatePipeline', 'df-757VJ3MYKHSV4JGEZ33C', '[]', '{"version": 1}');
INSERT INTO public.audit_log VALUES (7, '2026-11-30 14:00:08.566+00', 'api:PHAKUPGRADEFIXTURE01', 'CreatePipeline', 'df-OYPZJAEIHNASG91OXY40', '[]', '{"name": "upgrade-handed-out"}');
INSERT INTO public.audit_log VALUES (8, '2026-11-30 14:00:08.596+00', 'api:PHAKUPGRADEFIXTURE01', 'PutPipelineDefinition', 'df-OYPZJAEIHNASG91OXY40', '[]', '{"errored": false, "objects": 3, "version": 1}');
INSERT INTO public.audit_log VALUES (9, '2026-11-30 14:00:08.655+00', 'api:PHAKUPGRADEFIXTURE01', 'ActivatePipeline', 'df-OYPZJAEIHNASG91OXY40', '[]', '{"version": 1}');
INSERT INTO public.audit_log VALUES (10, '2026-11-30 14:00:08.717+00', 'api:PHAKUPGRADEFIXTURE01', 'CreatePipeline', 'df-3ET15T8R0CPXGKQJ38FO', '[]', '{"name": "upgrade-waiting"}');
INSERT INTO public.audit_log VALUES (11, '2026-11-30 14:00:08.839+00', 'api:PHAKUPGRADEFIXTURE01', 'PutPipelineDefinition', 'df-3ET15T8R0CPXGKQJ38FO', '[]', '{"errored": false, "objects": 2, "version": 1}');
INSERT INTO public.audit_log VALUES (12, '2026-11-30 14:00:09.165+00', 'api:PHAKUPGRADEFIXTURE01', 'ActivatePipeline', 'df-3ET15T8R0CPXGKQJ38FO', '[]', '{"version": 1}');
INSERT INTO public.audit_log VALUES (13, '2026-11-30 14:00:09.208+00', 'api:PHAKUPGRADEFIXTURE01', 'CreatePipeline', 'df-JK8RRVI7L11P1D6PCE9G', '[]', '{"name": "upgrade-pending"}');
INSERT INTO public.audit_log VALUES (14, '2026-11-30 14:00:09.359+00', 'api:PHAKUPGRADEFIXTURE01', 'PutPipelineDefinition', 'df-JK8RRVI7L11P1D6PCE9G', '[]', '{"errored": false, "objects": 2, "version": 1}');


--
-- Data for Name: instance_dependencies; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.instance_dependencies VALUES ('df-OYPZJAEIHNASG91OXY40', '@Step2_2026-11-30T14:00:08', '@Step1_2026-11-30T14:00:08', 'dependsOn');


--
-- Data for Name: pipeline_definitions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.pipeline_definitions VALUES ('df-PKDVFOE0E3G691F76GQM', 1, '[{"id": "Default", "name": "Default", "fields": [{"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-finished"}]}, {"id": "Hello", "name": "Hello", "fields": [{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo hello"}]}]', '[]', '[]', false, '[]', '[]', '2026-11-30 14:00:07.455+00', '2026-11-30 14:00:07.818+00', NULL);
INSERT INTO public.pipeline_definitions VALUES ('df-757VJ3MYKHSV4JGEZ33C', 1, '[{"id": "Default", "name": "Default", "fields": [{"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-failed"}, {"key": "maximumRetries", "stringValue": "0"}]}, {"id": "Broken", "name": "Broken", "fields": [{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "exit 1"}]}]', '[]', '[]', false, '[]', '[]', '2026-11-30 14:00:08.165+00', '2026-11-30 14:00:08.226+00', NULL);
INSERT INTO public.pipeline_definitions VALUES ('df-OYPZJAEIHNASG91OXY40', 1, '[{"id": "Default", "name": "Default", "fields": [{"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-handed-out"}]}, {"id": "Step1", "name": "Step1", "fields": [{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo one"}]}, {"id": "Step2", "name": "Step2", "fields": [{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo two"}, {"key": "dependsOn", "refValue": "Step1"}]}]', '[]', '[]', false, '[]', '[]', '2026-11-30 14:00:08.581+00', '2026-11-30 14:00:08.628+00', NULL);
INSERT INTO public.pipeline_definitions VALUES ('df-3ET15T8R0CPXGKQJ38FO', 1, '[{"id": "Default", "name": "Default", "fields": [{"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-waiting"}]}, {"id": "Wait", "name": "Wait", "fields": [{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo waiting"}]}]', '[]', '[]', false, '[]', '[]', '2026-11-30 14:00:08.771+00', '2026-11-30 14:00:09.016+00', NULL);
INSERT INTO public.pipeline_definitions VALUES ('df-JK8RRVI7L11P1D6PCE9G', 1, '[{"id": "Default", "name": "Default", "fields": [{"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-pending"}]}, {"id": "Later", "name": "Later", "fields": [{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo later"}]}]', '[]', '[]', false, '[]', '[]', '2026-11-30 14:00:09.321+00', NULL, NULL);


--
-- Data for Name: pipeline_objects; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.pipeline_objects VALUES (1, 'df-PKDVFOE0E3G691F76GQM', 1, 'Default', 'Default', 'COMPONENT', 0, NULL, NULL, 'SCHEDULED', NULL, NULL, NULL, NULL, NULL, '[{"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-finished"}]', '2026-11-30 14:00:07.47+00', '2026-11-30 14:00:07.84+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (2, 'df-PKDVFOE0E3G691F76GQM', 1, 'Hello', 'Hello', 'COMPONENT', 1, NULL, NULL, 'SCHEDULED', NULL, NULL, NULL, NULL, NULL, '[{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo hello"}]', '2026-11-30 14:00:07.47+00', '2026-11-30 14:00:07.84+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (3, 'df-PKDVFOE0E3G691F76GQM', 1, '@Hello_2026-11-30T14:00:07', '@Hello_2026-11-30T14:00:07', 'INSTANCE', 0, 'Hello', NULL, 'FINISHED', 1, '2026-11-30 14:00:07+00', '2026-11-30 14:00:07+00', '2026-11-30 14:00:08.077+00', '2026-11-30 14:00:08.104+00', '[{"key": "@triesLeft", "stringValue": "2"}]', '2026-11-30 14:00:07.702+00', '2026-11-30 14:00:08.104+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (4, 'df-PKDVFOE0E3G691F76GQM', 1, '@Hello_2026-11-30T14:00:07_Attempt=1', '@Hello_2026-11-30T14:00:07_Attempt=1', 'ATTEMPT', 0, 'Hello', '@Hello_2026-11-30T14:00:07', 'FINISHED', 1, '2026-11-30 14:00:07+00', '2026-11-30 14:00:07+00', '2026-11-30 14:00:08.024+00', '2026-11-30 14:00:08.104+00', '[]', '2026-11-30 14:00:07.702+00', '2026-11-30 14:00:08.104+00', NULL, NULL, 'upgrade-fixture', NULL, NULL, NULL, NULL, '2026-11-30 14:00:08.077+00', 1);
INSERT INTO public.pipeline_objects VALUES (6, 'df-757VJ3MYKHSV4JGEZ33C', 1, 'Broken', 'Broken', 'COMPONENT', 1, NULL, NULL, 'SCHEDULED', NULL, NULL, NULL, NULL, NULL, '[{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "exit 1"}]', '2026-11-30 14:00:08.18+00', '2026-11-30 14:00:08.228+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (5, 'df-757VJ3MYKHSV4JGEZ33C', 1, 'Default', 'Default', 'COMPONENT', 0, NULL, NULL, 'SCHEDULED', NULL, NULL, NULL, NULL, NULL, '[{"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-failed"}, {"key": "maximumRetries", "stringValue": "0"}]', '2026-11-30 14:00:08.18+00', '2026-11-30 14:00:08.228+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (8, 'df-757VJ3MYKHSV4JGEZ33C', 1, '@Broken_2026-11-30T14:00:08_Attempt=1', '@Broken_2026-11-30T14:00:08_Attempt=1', 'ATTEMPT', 0, 'Broken', '@Broken_2026-11-30T14:00:08', 'FAILED', 1, '2026-11-30 14:00:08+00', '2026-11-30 14:00:08+00', '2026-11-30 14:00:08.409+00', '2026-11-30 14:00:08.531+00', '[]', '2026-11-30 14:00:08.216+00', '2026-11-30 14:00:08.542+00', NULL, NULL, 'upgrade-fixture', 'ExitCode1', 'exit code 1', NULL, NULL, '2026-11-30 14:00:08.442+00', 1);
INSERT INTO public.pipeline_objects VALUES (7, 'df-757VJ3MYKHSV4JGEZ33C', 1, '@Broken_2026-11-30T14:00:08', '@Broken_2026-11-30T14:00:08', 'INSTANCE', 0, 'Broken', NULL, 'FAILED', 1, '2026-11-30 14:00:08+00', '2026-11-30 14:00:08+00', '2026-11-30 14:00:08.442+00', '2026-11-30 14:00:08.531+00', '[{"key": "@triesLeft", "stringValue": "0"}]', '2026-11-30 14:00:08.216+00', '2026-11-30 14:00:08.547+00', NULL, NULL, NULL, 'ExitCode1', 'exit code 1', NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (9, 'df-OYPZJAEIHNASG91OXY40', 1, 'Default', 'Default', 'COMPONENT', 0, NULL, NULL, 'SCHEDULED', NULL, NULL, NULL, NULL, NULL, '[{"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-handed-out"}]', '2026-11-30 14:00:08.59+00', '2026-11-30 14:00:08.634+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (10, 'df-OYPZJAEIHNASG91OXY40', 1, 'Step1', 'Step1', 'COMPONENT', 1, NULL, NULL, 'SCHEDULED', NULL, NULL, NULL, NULL, NULL, '[{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo one"}]', '2026-11-30 14:00:08.59+00', '2026-11-30 14:00:08.634+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (11, 'df-OYPZJAEIHNASG91OXY40', 1, 'Step2', 'Step2', 'COMPONENT', 2, NULL, NULL, 'SCHEDULED', NULL, NULL, NULL, NULL, NULL, '[{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo two"}, {"key": "dependsOn", "refValue": "Step1"}]', '2026-11-30 14:00:08.59+00', '2026-11-30 14:00:08.634+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (13, 'df-OYPZJAEIHNASG91OXY40', 1, '@Step2_2026-11-30T14:00:08', '@Step2_2026-11-30T14:00:08', 'INSTANCE', 0, 'Step2', NULL, 'WAITING_ON_DEPENDENCIES', NULL, '2026-11-30 14:00:08+00', '2026-11-30 14:00:08+00', NULL, NULL, '[{"key": "@waitingOn", "refValue": "@Step1_2026-11-30T14:00:08"}]', '2026-11-30 14:00:08.609+00', '2026-11-30 14:00:08.648+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (12, 'df-OYPZJAEIHNASG91OXY40', 1, '@Step1_2026-11-30T14:00:08', '@Step1_2026-11-30T14:00:08', 'INSTANCE', 0, 'Step1', NULL, 'WAITING_FOR_RUNNER', 1, '2026-11-30 14:00:08+00', '2026-11-30 14:00:08+00', NULL, NULL, '[{"key": "@triesLeft", "stringValue": "2"}]', '2026-11-30 14:00:08.609+00', '2026-11-30 14:00:08.628+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (14, 'df-OYPZJAEIHNASG91OXY40', 1, '@Step1_2026-11-30T14:00:08_Attempt=1', '@Step1_2026-11-30T14:00:08_Attempt=1', 'ATTEMPT', 0, 'Step1', '@Step1_2026-11-30T14:00:08', 'WAITING_FOR_RUNNER', 1, '2026-11-30 14:00:08+00', '2026-11-30 14:00:08+00', '2026-11-30 14:00:08.671+00', NULL, '[]', '2026-11-30 14:00:08.609+00', '2026-11-30 14:00:08.671+00', NULL, NULL, 'upgrade-fixture', NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (15, 'df-3ET15T8R0CPXGKQJ38FO', 1, 'Default', 'Default', 'COMPONENT', 0, NULL, NULL, 'SCHEDULED', NULL, NULL, NULL, NULL, NULL, '[{"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-waiting"}]', '2026-11-30 14:00:08.776+00', '2026-11-30 14:00:09.02+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (16, 'df-3ET15T8R0CPXGKQJ38FO', 1, 'Wait', 'Wait', 'COMPONENT', 1, NULL, NULL, 'SCHEDULED', NULL, NULL, NULL, NULL, NULL, '[{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo waiting"}]', '2026-11-30 14:00:08.776+00', '2026-11-30 14:00:09.02+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (18, 'df-3ET15T8R0CPXGKQJ38FO', 1, '@Wait_2026-11-30T14:00:09_Attempt=1', '@Wait_2026-11-30T14:00:09_Attempt=1', 'ATTEMPT', 0, 'Wait', '@Wait_2026-11-30T14:00:09', 'WAITING_FOR_RUNNER', 1, '2026-11-30 14:00:09+00', '2026-11-30 14:00:09+00', NULL, NULL, '[]', '2026-11-30 14:00:08.876+00', '2026-11-30 14:00:08.876+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (17, 'df-3ET15T8R0CPXGKQJ38FO', 1, '@Wait_2026-11-30T14:00:09', '@Wait_2026-11-30T14:00:09', 'INSTANCE', 0, 'Wait', NULL, 'WAITING_FOR_RUNNER', 1, '2026-11-30 14:00:09+00', '2026-11-30 14:00:09+00', NULL, NULL, '[{"key": "@triesLeft", "stringValue": "2"}]', '2026-11-30 14:00:08.876+00', '2026-11-30 14:00:09.016+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (19, 'df-JK8RRVI7L11P1D6PCE9G', 1, 'Default', 'Default', 'COMPONENT', 0, NULL, NULL, 'PENDING', NULL, NULL, NULL, NULL, NULL, '[{"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-pending"}]', '2026-11-30 14:00:09.34+00', '2026-11-30 14:00:09.34+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);
INSERT INTO public.pipeline_objects VALUES (20, 'df-JK8RRVI7L11P1D6PCE9G', 1, 'Later', 'Later', 'COMPONENT', 1, NULL, NULL, 'PENDING', NULL, NULL, NULL, NULL, NULL, '[{"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo later"}]', '2026-11-30 14:00:09.34+00', '2026-11-30 14:00:09.34+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1);


--
-- Data for Name: pipelines; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.pipelines VALUES ('df-PKDVFOE0E3G691F76GQM', 1, '000000000000', 'upgrade-finished', 'upgrade-finished', NULL, 'SCHEDULED', '[{"key": "team", "value": "data"}]', 1, 1, 1, '2026-11-30 14:00:07.364+00', '2026-11-30 14:00:07.861+00', '2026-11-30 14:00:07.818+00', '2026-11-30 14:00:07.818+00', NULL, NULL, NULL, NULL);
INSERT INTO public.pipelines VALUES ('df-757VJ3MYKHSV4JGEZ33C', 2, '000000000000', 'upgrade-failed', 'upgrade-failed', NULL, 'SCHEDULED', '[]', 1, 1, 1, '2026-11-30 14:00:08.129+00', '2026-11-30 14:00:08.232+00', '2026-11-30 14:00:08.225+00', '2026-11-30 14:00:08.225+00', NULL, NULL, NULL, NULL);
INSERT INTO public.pipelines VALUES ('df-OYPZJAEIHNASG91OXY40', 3, '000000000000', 'upgrade-handed-out', 'upgrade-handed-out', NULL, 'SCHEDULED', '[]', 1, 1, 1, '2026-11-30 14:00:08.559+00', '2026-11-30 14:00:08.636+00', '2026-11-30 14:00:08.628+00', '2026-11-30 14:00:08.628+00', NULL, NULL, NULL, NULL);
INSERT INTO public.pipelines VALUES ('df-3ET15T8R0CPXGKQJ38FO', 4, '000000000000', 'upgrade-waiting', 'upgrade-waiting', NULL, 'SCHEDULED', '[]', 1, 1, 1, '2026-11-30 14:00:08.7+00', '2026-11-30 14:00:09.023+00', '2026-11-30 14:00:09.016+00', '2026-11-30 14:00:09.016+00', NULL, NULL, NULL, NULL);
INSERT INTO public.pipelines VALUES ('df-JK8RRVI7L11P1D6PCE9G', 5, '000000000000', 'upgrade-pending', 'upgrade-pending', NULL, 'PENDING', '[]', 1, NULL, 0, '2026-11-30 14:00:09.193+00', '2026-11-30 14:00:09.346+00', NULL, NULL, NULL, NULL, NULL, NULL);


--
-- Data for Name: task_runners; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: tasks; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.tasks VALUES (3, 'df-OYPZJAEIHNASG91OXY40', '@Step1_2026-11-30T14:00:08_Attempt=1', 'upg-handed-out', 'LEASED', '2026-11-30 14:00:08.628+00', 'nQJqJedoA4FAlcBvGGa_7Q5ExaWyKOL5GCy3F-0xnfg', '2026-11-30 14:00:08.671+00', NULL, '2026-11-30 14:02:08.671+00', 'upgrade-fixture', 1, false, '2026-11-30 14:00:08.609+00', '@Step1_2026-11-30T14:00:08', false, '{"objects": {"@Step1_2026-11-30T14:00:08_Attempt=1": {"id": "@Step1_2026-11-30T14:00:08_Attempt=1", "name": "@Step1_2026-11-30T14:00:08_Attempt=1", "fields": [{"key": "@componentParent", "refValue": "Step1"}, {"key": "@scheduledStartTime", "stringValue": "2026-11-30T14:00:08"}, {"key": "parent", "refValue": "Step1"}, {"key": "@sphere", "stringValue": "ATTEMPT"}, {"key": "@instanceParent", "refValue": "@Step1_2026-11-30T14:00:08"}, {"key": "@status", "stringValue": "WAITING_FOR_RUNNER"}, {"key": "@version", "stringValue": "1"}, {"key": "@scheduledEndTime", "stringValue": "2026-11-30T14:00:08"}, {"key": "@pipelineId", "stringValue": "df-OYPZJAEIHNASG91OXY40"}, {"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo one"}, {"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-handed-out"}]}}}', NULL, NULL, NULL, NULL, 1);
INSERT INTO public.tasks VALUES (4, 'df-3ET15T8R0CPXGKQJ38FO', '@Wait_2026-11-30T14:00:09_Attempt=1', 'upg-waiting', 'READY', '2026-11-30 14:00:09.016+00', NULL, NULL, NULL, NULL, NULL, 0, false, '2026-11-30 14:00:08.876+00', '@Wait_2026-11-30T14:00:09', false, '{"objects": {"@Wait_2026-11-30T14:00:09_Attempt=1": {"id": "@Wait_2026-11-30T14:00:09_Attempt=1", "name": "@Wait_2026-11-30T14:00:09_Attempt=1", "fields": [{"key": "@componentParent", "refValue": "Wait"}, {"key": "@scheduledStartTime", "stringValue": "2026-11-30T14:00:09"}, {"key": "parent", "refValue": "Wait"}, {"key": "@sphere", "stringValue": "ATTEMPT"}, {"key": "@instanceParent", "refValue": "@Wait_2026-11-30T14:00:09"}, {"key": "@status", "stringValue": "WAITING_FOR_RUNNER"}, {"key": "@version", "stringValue": "1"}, {"key": "@scheduledEndTime", "stringValue": "2026-11-30T14:00:09"}, {"key": "@pipelineId", "stringValue": "df-3ET15T8R0CPXGKQJ38FO"}, {"key": "type", "stringValue": "ShellCommandActivity"}, {"key": "command", "stringValue": "echo waiting"}, {"key": "scheduleType", "stringValue": "ondemand"}, {"key": "workerGroup", "stringValue": "upg-waiting"}]}}}', NULL, NULL, NULL, NULL, 1);


--
-- Name: audit_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_log_id_seq', 14, true);


--
-- Name: pipeline_objects_pk_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.pipeline_objects_pk_seq', 20, true);


--
-- Name: pipelines_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.pipelines_seq_seq', 5, true);


--
-- Name: tasks_pk_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tasks_pk_seq', 4, true);


--
-- Name: _prisma_migrations _prisma_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._prisma_migrations
    ADD CONSTRAINT _prisma_migrations_pkey PRIMARY KEY (id);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: instance_dependencies instance_dependencies_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.instance_dependencies
    ADD CONSTRAINT instance_dependencies_pkey PRIMARY KEY (pipeline_id, instance_id, depends_on_id);


--
-- Name: pipeline_definitions pipeline_definitions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pipeline_definitions
    ADD CONSTRAINT pipeline_definitions_pkey PRIMARY KEY (pipeline_id, version);


--
-- Name: pipeline_objects pipeline_objects_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pipeline_objects
    ADD CONSTRAINT pipeline_objects_pkey PRIMARY KEY (pk);


--
-- Name: pipelines pipelines_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pipelines
    ADD CONSTRAINT pipelines_pkey PRIMARY KEY (id);


--
-- Name: task_runners task_runners_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task_runners
    ADD CONSTRAINT task_runners_pkey PRIMARY KEY (taskrunner_id);


--
-- Name: tasks tasks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tasks
    ADD CONSTRAINT tasks_pkey PRIMARY KEY (pk);


--
-- Name: audit_log_pipeline_id_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_pipeline_id_at_idx ON public.audit_log USING btree (pipeline_id, at);


--
-- Name: instance_dependencies_target_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX instance_dependencies_target_idx ON public.instance_dependencies USING btree (pipeline_id, depends_on_id);


--
-- Name: pipeline_objects_component_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX pipeline_objects_component_key ON public.pipeline_objects USING btree (pipeline_id, version, object_id) WHERE (sphere = 'COMPONENT'::text);


--
-- Name: pipeline_objects_component_schedule_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX pipeline_objects_component_schedule_idx ON public.pipeline_objects USING btree (pipeline_id, component_id, scheduled_start_time) WHERE (sphere = 'INSTANCE'::text);


--
-- Name: pipeline_objects_pipeline_id_instance_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX pipeline_objects_pipeline_id_instance_id_idx ON public.pipeline_objects USING btree (pipeline_id, instance_id);


--
-- Name: pipeline_objects_pipeline_id_sphere_status_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX pipeline_objects_pipeline_id_sphere_status_idx ON public.pipeline_objects USING btree (pipeline_id, sphere, status);


--
-- Name: pipeline_objects_runtime_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX pipeline_objects_runtime_key ON public.pipeline_objects USING btree (pipeline_id, object_id) WHERE (sphere <> 'COMPONENT'::text);


--
-- Name: pipeline_objects_waiting_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX pipeline_objects_waiting_idx ON public.pipeline_objects USING btree (pipeline_id) WHERE ((sphere = 'INSTANCE'::text) AND (status = 'WAITING_ON_DEPENDENCIES'::text));


--
-- Name: pipelines_account_id_name_unique_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX pipelines_account_id_name_unique_id_idx ON public.pipelines USING btree (account_id, name, unique_id);


--
-- Name: pipelines_live_identity_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX pipelines_live_identity_key ON public.pipelines USING btree (account_id, name, unique_id) WHERE (deleted_at IS NULL);


--
-- Name: pipelines_seq_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX pipelines_seq_key ON public.pipelines USING btree (seq);


--
-- Name: tasks_deadline_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tasks_deadline_idx ON public.tasks USING btree (deadline_at) WHERE ((state = 'LEASED'::text) AND (deadline_at IS NOT NULL));


--
-- Name: tasks_due_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tasks_due_idx ON public.tasks USING btree (ready_at) WHERE (state = 'READY'::text);


--
-- Name: tasks_lease_expiry_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tasks_lease_expiry_idx ON public.tasks USING btree (lease_expires_at) WHERE (state = 'LEASED'::text);


--
-- Name: tasks_pipeline_id_attempt_id_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX tasks_pipeline_id_attempt_id_key ON public.tasks USING btree (pipeline_id, attempt_id);


--
-- Name: tasks_ready_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tasks_ready_idx ON public.tasks USING btree (worker_group, ready_at, pk) WHERE (state = 'READY'::text);


--
-- Name: tasks_task_id_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX tasks_task_id_key ON public.tasks USING btree (task_id);


--
-- Name: instance_dependencies instance_dependencies_pipeline_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.instance_dependencies
    ADD CONSTRAINT instance_dependencies_pipeline_id_fkey FOREIGN KEY (pipeline_id) REFERENCES public.pipelines(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- Name: pipeline_definitions pipeline_definitions_pipeline_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pipeline_definitions
    ADD CONSTRAINT pipeline_definitions_pipeline_id_fkey FOREIGN KEY (pipeline_id) REFERENCES public.pipelines(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- Name: pipeline_objects pipeline_objects_pipeline_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pipeline_objects
    ADD CONSTRAINT pipeline_objects_pipeline_id_fkey FOREIGN KEY (pipeline_id) REFERENCES public.pipelines(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict gmSJ9lSWgyTlFeLmoFYtxegt47sR3c5YfSPSQlBGWbonOOFUKxeCralOjNBXYpn

