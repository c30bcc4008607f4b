-- One row per run: written when the run starts (status 'running'), completed in one transaction when it ends.
-- Empty Optionals are NULL; empty strings of the model identity are NULL too.
CREATE TABLE runs (
    id                   VARCHAR(64)                 NOT NULL PRIMARY KEY,
    created_at           TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    started_at           TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    ended_at             TIMESTAMP(9) WITH TIME ZONE,
    status               VARCHAR(16)                 NOT NULL,
    target               VARCHAR                     NOT NULL,
    provider             VARCHAR                     NOT NULL,
    model_name           VARCHAR,
    model_file           VARCHAR,
    model_sha256         VARCHAR,
    quantization         VARCHAR,
    architecture         VARCHAR,
    engine               VARCHAR,
    engine_build         VARCHAR,
    prompt               CLOB                        NOT NULL,
    system_prompt        CLOB,
    messages_json        CLOB                        NOT NULL,
    mode                 VARCHAR(16)                 NOT NULL,
    params_json          CLOB                        NOT NULL,
    output_text          CLOB,
    error                CLOB,
    prompt_tokens        INTEGER,
    completion_tokens    INTEGER,
    usage_basis          VARCHAR(16),
    queue_ms             DOUBLE PRECISION,
    model_load_ms        DOUBLE PRECISION,
    ttft_ms              DOUBLE PRECISION,
    total_ms             DOUBLE PRECISION,
    prompt_tps           DOUBLE PRECISION,
    completion_tps       DOUBLE PRECISION,
    engine_prompt_tokens INTEGER,
    engine_prompt_ms     DOUBLE PRECISION,
    engine_gen_tokens    INTEGER,
    engine_gen_ms        DOUBLE PRECISION,
    host_cpu             VARCHAR                     NOT NULL,
    host_cores           INTEGER                     NOT NULL,
    host_ram_bytes       BIGINT                      NOT NULL,
    host_os              VARCHAR                     NOT NULL,
    parallax_version     VARCHAR                     NOT NULL,
    cost_usd             DECIMAL(24, 10),
    cost_basis           VARCHAR,
    CONSTRAINT runs_status_known CHECK (status IN ('running', 'completed', 'truncated', 'failed', 'cancelled', 'interrupted'))
);

-- History lists newest first; (created_at, id) is the order every page uses, id breaks ties.
CREATE INDEX runs_created_idx ON runs (created_at DESC, id DESC);
CREATE INDEX runs_status_idx ON runs (status, created_at DESC, id DESC);
CREATE INDEX runs_target_idx ON runs (target, created_at DESC, id DESC);
