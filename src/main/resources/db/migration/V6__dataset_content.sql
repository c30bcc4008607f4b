-- The sha256 of the file a dataset was imported from: importing the same file again with the same mapping and
-- name reuses the dataset instead of adding a copy ('parallax bench --dataset evals.csv', run twenty times while
-- iterating, listed twenty identical datasets, and each batch pointed at a different one). Older rows have NULL.
ALTER TABLE datasets ADD COLUMN content_sha256 VARCHAR(64);
CREATE INDEX datasets_content_idx ON datasets (content_sha256);
