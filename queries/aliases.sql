-- Historic service names and the well-formed names IANA assigned to replace
-- them, with the ports of the newest snapshot that carry them.
-- Run: sqlite3 -header -column ianaports.db < queries/aliases.sql
SELECT a.historic,
       a.well_formed,
       (SELECT group_concat(DISTINCT r.port_number)
        FROM registry r WHERE r.service_name = a.well_formed) AS ports
FROM aliases a
ORDER BY a.historic, a.well_formed;
