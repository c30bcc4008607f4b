-- Cloud runs: every attempt counted, network phases measured from the last send, the provider's own
-- timings and the inputs of the cost kept next to the result. Old rows read as one attempt.
ALTER TABLE runs ADD COLUMN attempts INTEGER;
ALTER TABLE runs ADD COLUMN retry_wait_ms DOUBLE PRECISION;
ALTER TABLE runs ADD COLUMN headers_ms DOUBLE PRECISION;
ALTER TABLE runs ADD COLUMN first_byte_ms DOUBLE PRECISION;
ALTER TABLE runs ADD COLUMN ttft_from_send_ms DOUBLE PRECISION;
ALTER TABLE runs ADD COLUMN cached_prompt_tokens INTEGER;
ALTER TABLE runs ADD COLUMN stop_reason VARCHAR;
ALTER TABLE runs ADD COLUMN provider_timings_json CLOB;
ALTER TABLE runs ADD COLUMN cost_inputs_json CLOB;
