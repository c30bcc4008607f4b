-- Datasets (imported once, rows kept so a batch can resume without the file), batch runs with one row per
-- finished (row, target, repeat) linking to its run, and comparisons linking to their runs.
-- Texts are VARCHAR (up to 1,000,000 characters, stored inline): CLOBs made a 100k-row import several times slower.
CREATE TABLE datasets (
    id            VARCHAR(64)                 NOT NULL PRIMARY KEY,
    name          VARCHAR                     NOT NULL,
    source_file   VARCHAR                     NOT NULL,
    format        VARCHAR(16)                 NOT NULL,
    created_at    TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    row_count     INTEGER                     NOT NULL,
    columns_json  VARCHAR                     NOT NULL,
    mapping_json  VARCHAR                     NOT NULL,
    skipped_json  VARCHAR                     NOT NULL
);

CREATE TABLE dataset_rows (
    dataset_id    VARCHAR(64) NOT NULL,
    row_no        INTEGER     NOT NULL,
    line_no       BIGINT      NOT NULL,
    prompt        VARCHAR     NOT NULL,
    system_prompt VARCHAR,
    expected      VARCHAR,
    tags          VARCHAR,
    checks        VARCHAR,
    values_json   VARCHAR     NOT NULL,
    PRIMARY KEY (dataset_id, row_no),
    CONSTRAINT dataset_rows_dataset FOREIGN KEY (dataset_id) REFERENCES datasets (id) ON DELETE CASCADE
);

CREATE TABLE batches (
    id               VARCHAR(64)                 NOT NULL PRIMARY KEY,
    dataset_id       VARCHAR(64)                 NOT NULL,
    created_at       TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    status           VARCHAR(16)                 NOT NULL,
    stop_reason      VARCHAR,
    targets_json     VARCHAR                     NOT NULL,
    repeat_count     INTEGER                     NOT NULL,
    limits_json      VARCHAR                     NOT NULL,
    budget_usd       DECIMAL(24, 10),
    params_json      VARCHAR                     NOT NULL,
    assertions_json  VARCHAR                     NOT NULL,
    engine_choice    VARCHAR(32)                 NOT NULL,
    CONSTRAINT batches_dataset FOREIGN KEY (dataset_id) REFERENCES datasets (id),
    CONSTRAINT batches_status_known CHECK (status IN ('running', 'paused', 'completed', 'cancelled', 'budget', 'interrupted'))
);

CREATE TABLE batch_items (
    batch_id     VARCHAR(64)                 NOT NULL,
    row_no       INTEGER                     NOT NULL,
    target_index INTEGER                     NOT NULL,
    repeat_no    INTEGER                     NOT NULL,
    run_id       VARCHAR(64)                 NOT NULL,
    status       VARCHAR(16)                 NOT NULL,
    cost_usd     DECIMAL(24, 10),
    ended_at     TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (batch_id, row_no, target_index, repeat_no),
    CONSTRAINT batch_items_batch FOREIGN KEY (batch_id) REFERENCES batches (id) ON DELETE CASCADE
);

CREATE TABLE comparisons (
    id            VARCHAR(64)                 NOT NULL PRIMARY KEY,
    created_at    TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    prompt        VARCHAR                     NOT NULL,
    system_prompt VARCHAR,
    targets_json  VARCHAR                     NOT NULL,
    repeat_count  INTEGER                     NOT NULL,
    sequential    BOOLEAN                     NOT NULL,
    params_json   VARCHAR                     NOT NULL
);

CREATE TABLE comparison_runs (
    comparison_id VARCHAR(64) NOT NULL,
    run_id        VARCHAR(64) NOT NULL,
    target_index  INTEGER     NOT NULL,
    repeat_no     INTEGER     NOT NULL,
    PRIMARY KEY (comparison_id, target_index, repeat_no),
    CONSTRAINT comparison_runs_comparison FOREIGN KEY (comparison_id) REFERENCES comparisons (id) ON DELETE CASCADE
);

CREATE INDEX batches_created_idx ON batches (created_at DESC);
CREATE INDEX comparisons_created_idx ON comparisons (created_at DESC);
