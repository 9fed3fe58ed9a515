-- The newest snapshot as /etc/services lines: named records with a single
-- port and a protocol, in port order, the first name per port and protocol.
-- Run: sqlite3 -noheader -list ianaports.db < queries/etc_services.sql
SELECT printf('%-15s %5d/%-4s # %s', service_name, port_low, transport_protocol,
              replace(replace(description, char(13), ' '), char(10), ' ')) AS line
FROM (SELECT *,
             row_number() OVER (PARTITION BY port_low, transport_protocol ORDER BY position) AS n
      FROM registry
      WHERE service_name IS NOT NULL AND port_low = port_high AND transport_protocol IS NOT NULL)
WHERE n = 1
ORDER BY port_low, transport_protocol;
