-- One row per model file downloaded from a hub: what, where to, how far, and how it ended. Enough to resume
-- after an interruption or a restart. download_ranges.done_bytes never counts a byte before it was written to
-- the .incomplete file, so a resume never skips data; the sha256 check at the end catches anything else.
CREATE TABLE downloads (
    id              VARCHAR(64)                 NOT NULL PRIMARY KEY,
    created_at      TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    repo            VARCHAR                     NOT NULL,
    revision        VARCHAR                     NOT NULL,
    commit_sha      VARCHAR,
    file_path       VARCHAR                     NOT NULL,
    url             VARCHAR                     NOT NULL,
    target_path     VARCHAR                     NOT NULL,
    size_bytes      BIGINT                      NOT NULL,
    sha256_expected VARCHAR,
    etag            VARCHAR,
    connections     INTEGER                     NOT NULL,
    status          VARCHAR(16)                 NOT NULL,
    bytes_done      BIGINT                      NOT NULL,
    error           CLOB,
    model_name      VARCHAR,
    group_id        VARCHAR(64),
    CONSTRAINT downloads_status_known CHECK (status IN ('queued', 'running', 'paused', 'interrupted', 'verifying',
                                                         'completed', 'failed', 'cancelled'))
);

CREATE INDEX downloads_file_idx ON downloads (repo, file_path, created_at DESC);
CREATE INDEX downloads_created_idx ON downloads (created_at DESC, id DESC);

-- The byte ranges of a download: [start_byte, end_byte), of which the first done_bytes are on disk.
CREATE TABLE download_ranges (
    download_id VARCHAR(64) NOT NULL,
    idx         INTEGER     NOT NULL,
    start_byte  BIGINT      NOT NULL,
    end_byte    BIGINT      NOT NULL,
    done_bytes  BIGINT      NOT NULL,
    PRIMARY KEY (download_id, idx),
    CONSTRAINT download_ranges_download FOREIGN KEY (download_id) REFERENCES downloads (id) ON DELETE CASCADE
);
