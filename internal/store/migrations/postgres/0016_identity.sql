-- Dossiers filed before the applicant columns: read them from the doc.
UPDATE dossiers SET applicant_number = COALESCE(doc::jsonb -> 'applicant' ->> 'id_number', ''),
    applicant_tax_code = COALESCE(doc::jsonb -> 'applicant' ->> 'tax_code', '');
