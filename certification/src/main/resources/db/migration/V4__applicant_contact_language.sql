-- The language the applicant's contact reads (zh or en), taken from the language the application
-- was submitted in; notifications are written in it. Null: not known, mail goes in both languages.
ALTER TABLE applicant ADD COLUMN contact_language VARCHAR(8);
