-- The name lives in the spec document; the column was written and never read.
ALTER TABLE gateway DROP COLUMN name;
