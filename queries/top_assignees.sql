-- The 25 assignees holding the most records in the newest snapshot, with
-- their details where an XML snapshot has described them.
-- Run: sqlite3 -header -column ianaports.db < queries/top_assignees.sql
SELECT pc.contact_id AS assignee,
       coalesce(c.name, c.organization) AS name,
       count(*) AS records,
       count(DISTINCT p.service_id) AS services
FROM snapshot_members sp
JOIN ports p ON p.id = sp.port_id
JOIN port_roles pc ON pc.port_id = p.id AND pc.role = 'assignee'
JOIN contacts c ON c.id = pc.contact_id
WHERE sp.snapshot_id = (SELECT id FROM snapshots_by_recency WHERE recency = 1)
GROUP BY pc.contact_id
ORDER BY records DESC, assignee
LIMIT 25;
