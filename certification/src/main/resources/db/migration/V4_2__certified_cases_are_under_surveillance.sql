-- CERTIFIED is recorded at the end of the registry listing, so a certified case is under
-- surveillance; it used to be filed under REGISTRY, which the console showed as the current phase.
UPDATE certification_case SET phase = 'MAINTENANCE' WHERE status = 'CERTIFIED' AND phase = 'REGISTRY';
