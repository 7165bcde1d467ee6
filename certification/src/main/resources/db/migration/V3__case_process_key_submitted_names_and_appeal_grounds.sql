-- The case's certification-case process instance, stored when the process starts, so operators
-- (and Operate) find the instance from the case file without a search by variable.
ALTER TABLE certification_case ADD COLUMN process_instance_key BIGINT;

-- What the applicant says is wrong with the decision, as lodged through the API, and who lodged
-- it; the appeals handler reads them. Nullable: appeals lodged before this version have none.
ALTER TABLE appeal ADD COLUMN grounds   VARCHAR(8000);
ALTER TABLE appeal ADD COLUMN lodged_by VARCHAR(200);

-- The names as submitted with this application. Applicant and product rows are shared by a
-- vendor's applications and take the latest spelling; the certificate and the public registry
-- name what was applied for and assessed in this case.
ALTER TABLE certification_case ADD COLUMN applicant_legal_name VARCHAR(300);
ALTER TABLE certification_case ADD COLUMN product_name VARCHAR(300);
UPDATE certification_case c SET applicant_legal_name = a.legal_name FROM applicant a WHERE a.id = c.applicant_id;
UPDATE certification_case c SET product_name = p.name FROM product p WHERE p.id = c.product_id;
ALTER TABLE certification_case ALTER COLUMN applicant_legal_name SET NOT NULL;
ALTER TABLE certification_case ALTER COLUMN product_name SET NOT NULL;
