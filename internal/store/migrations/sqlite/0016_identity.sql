-- Dossiers filed before the applicant columns: read them from the doc.
UPDATE dossiers SET applicant_number = COALESCE(json_extract(doc, '$.applicant.id_number'), ''),
    applicant_tax_code = COALESCE(json_extract(doc, '$.applicant.tax_code'), '');
