-- Ports with unauthorized use reported, in the newest snapshot.
-- Run: sqlite3 -header -column ianaports.db < queries/unauthorized_use.sql
SELECT port_number, transport_protocol, service_name, unauthorized_use_reported
FROM registry
WHERE unauthorized_use_reported IS NOT NULL
ORDER BY port_low, transport_protocol;
