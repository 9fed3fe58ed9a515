-- System ports (0-1023) with a service name in the newest snapshot, one
-- line per port and protocol.
-- Run: sqlite3 -header -column ianaports.db < queries/well_known_ports.sql
SELECT port_number, transport_protocol, service_name, description
FROM registry
WHERE port_low <= 1023 AND service_name IS NOT NULL
ORDER BY port_low, port_high, transport_protocol, position;
