PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE goose_db_version (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		version_id INTEGER NOT NULL,
		is_applied INTEGER NOT NULL,
		tstamp TIMESTAMP DEFAULT (datetime('now'))
	);
INSERT INTO "goose_db_version" ("id","version_id","is_applied") VALUES(1,0,1);
INSERT INTO "goose_db_version" ("id","version_id","is_applied") VALUES(2,1,1);
CREATE TABLE snapshots (
    id            INTEGER PRIMARY KEY,
    registry_date TEXT,                 -- the registry's "Last Updated", YYYY-MM-DD
    date_source   TEXT NOT NULL,        -- where registry_date came from: document, file-name, flag, records
    format        TEXT NOT NULL,        -- xml, csv
    style         TEXT,                 -- variant of the format, such as crlf-folded for IANA's older CSV
    kind          TEXT NOT NULL CHECK (kind IN ('complete', 'excerpt')),
    source        TEXT NOT NULL,        -- the input's file name (base name), or <stdin>
    sha256        TEXT NOT NULL UNIQUE, -- of the input bytes
    record_count  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "snapshots" ("id","registry_date","date_source","format","style","kind","source","sha256","record_count") VALUES(1,'2026-01-15','document','xml',NULL,'complete','mini.xml','80622ad267672a37aae428887c5a05a1039ee23336ccb4e5369dba41fe8c39d2',11);
INSERT INTO "snapshots" ("id","registry_date","date_source","format","style","kind","source","sha256","record_count") VALUES(2,'2026-01-15','flag','csv','lf','complete','mini.csv','01ba21231b1df8fa9aa83a1d11fb7643820a5303974475366bcf08b7417117c7',11);
CREATE TABLE snapshot_extras (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    text        TEXT NOT NULL,
    line        INTEGER,
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;
INSERT INTO "snapshot_extras" ("snapshot_id","position","name","text","line") VALUES(1,1,'@id','service-names-port-numbers',2);
INSERT INTO "snapshot_extras" ("snapshot_id","position","name","text","line") VALUES(1,2,'title','<title>Service Name and Transport Protocol Port Number Registry</title>',3);
INSERT INTO "snapshot_extras" ("snapshot_id","position","name","text","line") VALUES(1,3,'category','<category>Service Names and Transport Protocol Port Numbers</category>',4);
INSERT INTO "snapshot_extras" ("snapshot_id","position","name","text","line") VALUES(1,4,'xref','<xref type="rfc" data="rfc6335"/>',6);
INSERT INTO "snapshot_extras" ("snapshot_id","position","name","text","line") VALUES(1,5,'expert','<expert>TCP/UDP: A. Expert</expert>',7);
INSERT INTO "snapshot_extras" ("snapshot_id","position","name","text","line") VALUES(1,6,'note','<note>A hand-written excerpt for tests: <xref type="rfc" data="rfc6335"/>.</note>',8);
CREATE TABLE snapshot_warnings (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    line        INTEGER,
    col         INTEGER,
    message     TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;
CREATE TABLE footnotes (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    anchor      TEXT NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, anchor)
) WITHOUT ROWID;
INSERT INTO "footnotes" ("snapshot_id","anchor","text") VALUES(1,'1','It is only appropriate to use these values in explicitly-
configured experiments.');
CREATE TABLE services (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO "services" ("id","name") VALUES(1,'tcpmux');
INSERT INTO "services" ("id","name") VALUES(2,'whoispp');
INSERT INTO "services" ("id","name") VALUES(3,'whois++');
INSERT INTO "services" ("id","name") VALUES(4,'radsec');
INSERT INTO "services" ("id","name") VALUES(5,'exp1');
INSERT INTO "services" ("id","name") VALUES(6,'wot');
INSERT INTO "services" ("id","name") VALUES(7,'soda');
INSERT INTO "services" ("id","name") VALUES(8,'noport');
CREATE TABLE ports (
    id                   INTEGER PRIMARY KEY,
    -- SHA-256 of the record's content; unique, kept so by the importer,
    -- which holds every hash in memory. An index on random hashes cost a
    -- twelfth of an import and no query needs one.
    content_hash         BLOB NOT NULL,
    service_id           INTEGER REFERENCES services (id),
    port_low             INTEGER CHECK (port_low BETWEEN 0 AND 65535),
    port_high            INTEGER CHECK (port_high BETWEEN port_low AND 65535),
    port_range           INTEGER NOT NULL DEFAULT 0 CHECK (port_range IN (0, 1)), -- 1: written as a range, even 4748-4748
    protocol             TEXT,
    description          TEXT NOT NULL,
    description_xml      TEXT, -- the XML's inner markup, where rendering changed it
    registration_date    TEXT,
    modification_date    TEXT,
    service_code         TEXT,
    unauthorized_use     TEXT,
    unauthorized_use_xml TEXT,
    assignment_notes     TEXT,
    assignment_notes_xml TEXT,
    -- 1: the record has no <assignee>, so by the XML's rule its contacts
    -- are its assignees too (port_roles spells that out).
    assignee_implied     INTEGER NOT NULL DEFAULT 0 CHECK (assignee_implied IN (0, 1)),
    CHECK ((port_low IS NULL) = (port_high IS NULL))
);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(1,X'b6803f130ce8c75d33eaa8a826bcc4bf02f6c572131541de7501c510e472c832',NULL,0,0,0,'tcp','Reserved',NULL,NULL,'2024-12-20',NULL,NULL,NULL,NULL,NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(2,X'7c5923db2defa9d6d555c56295c19b7c61f2bc8a2d84b4aa60ad5a7a75fb2b97',1,1,1,0,'tcp','TCP Port Service Multiplexer',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,1);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(3,X'ae7d4f24108e87d61aa64f01f7a923a131bb792be6b3f2c605fde53138f4e2c4',2,63,63,0,'tcp','whois++
IANA assigned this well-formed service name as a replacement for "whois++".','whois++<br/><br/>
IANA assigned this well-formed service name as a replacement for "whois++".',NULL,NULL,NULL,NULL,NULL,NULL,NULL,1);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(4,X'f1fc2e9872555ba18e659662abd819896042386e99ebcd2ef319a117852fe574',3,63,63,0,'tcp','whois++',NULL,NULL,NULL,NULL,NULL,NULL,'This entry is an alias to "whoispp".
This entry is now historic, not usable for use with many
common service discovery mechanisms.',NULL,1);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(5,X'12010223898f14786c5bc5a3d855cec50951ee9e671f2a702aae559c1d8946a4',4,2083,2083,0,'udp','Secure Radius Service',NULL,'2005-05','2014-07-14',NULL,NULL,NULL,'The UDP port 2083 was already previously assigned by IANA for "RadSec", an early implementation of RADIUS/TLS, prior to issuance of this RFC.','The UDP port 2083 was already previously assigned by IANA for 
      "RadSec", an early implementation of RADIUS/TLS, prior to issuance of this 
      RFC.',0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(6,X'f45429ebcd4ccf7be0cd90562e4e7a899cb98e679d420b73889129c2d28b1821',NULL,803,809,1,'tcp','Unassigned',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(7,X'6c21e7fa5dfca5d522464d792c739bb6ae25a29852ae638b933802b5f25626dd',NULL,4748,4748,1,NULL,'Unassigned',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(8,X'409d7af0560ad097c6d755f14d02eb806e2a6bc0ee07761534d48a2270f7f2e1',5,1021,1021,0,'udp','RFC3692-style Experiment 1',NULL,'2009-06-15',NULL,NULL,NULL,NULL,NULL,NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(9,X'9340e38947163bde5521a9c5f89c070c8cc1b5299fe0bded9ea6cb6d74a9964f',6,NULL,NULL,0,'tcp','W3C WoT Thing Description or Directory',NULL,'2022-11-22','2022-12-15',NULL,NULL,NULL,'Defined TXT keys:
              td: Absolute pathname of the Thing Description, see [RFC7595].','
      <paragraph>Defined TXT keys:</paragraph>
      <paragraph>td: Absolute pathname of the Thing Description, see <xref type="rfc" data="rfc7595"/>.</paragraph>
    ',0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(10,X'dc806e6260f620ae3c3b4ecb959d37ae74329e988e2492fb2f3a4cd428327b3f',7,NULL,NULL,0,'tcp','Secure On Device API | with a pipe',NULL,'2011-10-10',NULL,'1145656131','Unauthorized use by some mail users (see [RFC4146] for details)',NULL,NULL,NULL,1);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(11,X'97fb561fb0b51d296a79df8bd63e38616fe34d0dc5cea733fd962390fa22af34',8,NULL,NULL,0,NULL,'A service name with no port',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,1);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(12,X'cf2f62065fd4bb398b74924408f827d3dd4bc72bf8f3e4dfa5043c7e245d0ed2',1,1,1,0,'tcp','TCP Port Service Multiplexer',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(13,X'e7b6dc3bcbbe1f0d25173cec890bf26e70523808ea2559c4fdb5d9c422a208fa',2,63,63,0,'tcp','whois++
IANA assigned this well-formed service name as a replacement for "whois++".',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(14,X'1853bfd8a5bd2534a35eaea7797649f1eeeae9bd72d7c1838339523837b2ccd3',3,63,63,0,'tcp','whois++',NULL,NULL,NULL,NULL,NULL,NULL,'This entry is an alias to "whoispp".
This entry is now historic, not usable for use with many
common service discovery mechanisms.',NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(15,X'efe5e6c8242c16f95a709e8cc990e2935b803bb874af09ba90750cf54e9fd32b',4,2083,2083,0,'udp','Secure Radius Service',NULL,'2005-05','2014-07-14',NULL,NULL,NULL,'The UDP port 2083 was already previously assigned by IANA for "RadSec", an early implementation of RADIUS/TLS, prior to issuance of this RFC.',NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(16,X'439051478874a5e4928da2c8f143f015fb4e705c248af79141c52b1892a97cd6',5,1021,1021,0,'udp','RFC3692-style Experiment 1',NULL,'2009-06-15',NULL,NULL,NULL,NULL,NULL,NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(17,X'fba832a71e868101437f9c9d762fe985756e6cdff3dbeadc8f336e53b166ec77',6,NULL,NULL,0,'tcp','W3C WoT Thing Description or Directory',NULL,'2022-11-22','2022-12-15',NULL,NULL,NULL,'Defined TXT keys:
              td: Absolute pathname of the Thing Description, see [RFC7595].',NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(18,X'0481eb59d9b998790c673fd986c2d25e7129ab1f67e628ba1d8d91a8eae094d4',7,NULL,NULL,0,'tcp','Secure On Device API | with a pipe',NULL,'2011-10-10',NULL,'1145656131','Unauthorized use by some mail users (see [RFC4146] for details)',NULL,NULL,NULL,0);
INSERT INTO "ports" ("id","content_hash","service_id","port_low","port_high","port_range","protocol","description","description_xml","registration_date","modification_date","service_code","unauthorized_use","unauthorized_use_xml","assignment_notes","assignment_notes_xml","assignee_implied") VALUES(19,X'baca27074a0cd3ac6959bdd1b1dc826933ed9a79ee6ae4077e0ff443dd8b96be',8,NULL,NULL,0,NULL,'A service name with no port',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,0);
CREATE TABLE snapshot_ports (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL, -- 1-based
    port_id     INTEGER NOT NULL REFERENCES ports (id),
    line        INTEGER,          -- where the record starts in the source
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,1,1,9);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,2,2,15);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,3,3,22);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,4,4,30);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,5,5,40);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,6,6,54);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,7,7,59);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,8,8,63);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,9,9,74);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,10,10,87);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(1,11,11,96);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,1,1,2);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,2,12,3);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,3,13,4);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,4,14,6);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,5,15,9);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,6,6,10);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,7,7,11);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,8,16,12);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,9,17,13);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,10,18,15);
INSERT INTO "snapshot_ports" ("snapshot_id","position","port_id","line") VALUES(2,11,19,16);
CREATE TABLE contacts (
    id           TEXT PRIMARY KEY,
    name         TEXT,
    organization TEXT,
    last_updated TEXT,
    described_by INTEGER REFERENCES snapshots (id) ON DELETE SET NULL
) WITHOUT ROWID;
INSERT INTO "contacts" ("id","name","organization","last_updated","described_by") VALUES('David_Sperling_2','David Sperling',NULL,NULL,1);
INSERT INTO "contacts" ("id","name","organization","last_updated","described_by") VALUES('IESG',NULL,NULL,NULL,NULL);
INSERT INTO "contacts" ("id","name","organization","last_updated","described_by") VALUES('IETF_Chair','IETF Chair','IETF','2021-10-01',1);
INSERT INTO "contacts" ("id","name","organization","last_updated","described_by") VALUES('Jon_Postel','Jon Postel',NULL,NULL,1);
INSERT INTO "contacts" ("id","name","organization","last_updated","described_by") VALUES('Kazuyuki_Ashimura',NULL,NULL,NULL,NULL);
INSERT INTO "contacts" ("id","name","organization","last_updated","described_by") VALUES('Mark_Lottor','Mark Lottor',NULL,NULL,1);
INSERT INTO "contacts" ("id","name","organization","last_updated","described_by") VALUES('Rickard_Schoultz','G√∂ran Schoultz',NULL,NULL,1);
INSERT INTO "contacts" ("id","name","organization","last_updated","described_by") VALUES('Smith_Micro_Software_Inc',NULL,NULL,NULL,NULL);
INSERT INTO "contacts" ("id","name","organization","last_updated","described_by") VALUES('W3C_Web_of_Things_Working_Group',NULL,NULL,NULL,NULL);
CREATE TABLE contact_uris (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    uri        TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;
INSERT INTO "contact_uris" ("contact_id","position","uri") VALUES('David_Sperling_2',1,'mailto:dsperling&example.com');
INSERT INTO "contact_uris" ("contact_id","position","uri") VALUES('IETF_Chair',1,'mailto:chair&ietf.org');
INSERT INTO "contact_uris" ("contact_id","position","uri") VALUES('IETF_Chair',2,'https://www.ietf.org/');
INSERT INTO "contact_uris" ("contact_id","position","uri") VALUES('Jon_Postel',1,'mailto:postel&isi.edu');
INSERT INTO "contact_uris" ("contact_id","position","uri") VALUES('Mark_Lottor',1,'mailto:MKL&nisc.sri.com');
INSERT INTO "contact_uris" ("contact_id","position","uri") VALUES('Rickard_Schoultz',1,'mailto:schoultz&sunet.se');
CREATE TABLE contact_extras (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;
CREATE TABLE snapshot_contacts (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    contact_id  TEXT NOT NULL REFERENCES contacts (id),
    line        INTEGER,
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;
INSERT INTO "snapshot_contacts" ("snapshot_id","position","contact_id","line") VALUES(1,1,'David_Sperling_2',104);
INSERT INTO "snapshot_contacts" ("snapshot_id","position","contact_id","line") VALUES(1,2,'IETF_Chair',108);
INSERT INTO "snapshot_contacts" ("snapshot_id","position","contact_id","line") VALUES(1,3,'Jon_Postel',115);
INSERT INTO "snapshot_contacts" ("snapshot_id","position","contact_id","line") VALUES(1,4,'Mark_Lottor',119);
INSERT INTO "snapshot_contacts" ("snapshot_id","position","contact_id","line") VALUES(1,5,'Rickard_Schoultz',123);
CREATE TABLE port_contacts (
    port_id    INTEGER NOT NULL REFERENCES ports (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('assignee', 'contact')),
    position   INTEGER NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    PRIMARY KEY (port_id, role, position)
) WITHOUT ROWID;
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(2,'contact',1,'Mark_Lottor');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(3,'contact',1,'Rickard_Schoultz');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(4,'contact',1,'Rickard_Schoultz');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(5,'assignee',1,'IESG');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(5,'contact',1,'IETF_Chair');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(9,'assignee',1,'W3C_Web_of_Things_Working_Group');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(9,'contact',1,'Kazuyuki_Ashimura');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(10,'contact',1,'Smith_Micro_Software_Inc');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(10,'contact',2,'David_Sperling_2');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(11,'contact',1,'Jon_Postel');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(12,'assignee',1,'Mark_Lottor');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(12,'contact',1,'Mark_Lottor');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(13,'assignee',1,'Rickard_Schoultz');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(13,'contact',1,'Rickard_Schoultz');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(14,'assignee',1,'Rickard_Schoultz');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(14,'contact',1,'Rickard_Schoultz');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(15,'assignee',1,'IESG');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(15,'contact',1,'IETF_Chair');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(17,'assignee',1,'W3C_Web_of_Things_Working_Group');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(17,'contact',1,'Kazuyuki_Ashimura');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(18,'assignee',1,'Smith_Micro_Software_Inc');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(18,'assignee',2,'David_Sperling_2');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(18,'contact',1,'Smith_Micro_Software_Inc');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(18,'contact',2,'David_Sperling_2');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(19,'assignee',1,'Jon_Postel');
INSERT INTO "port_contacts" ("port_id","role","position","contact_id") VALUES(19,'contact',1,'Jon_Postel');
CREATE TABLE port_references (
    port_id  INTEGER NOT NULL REFERENCES ports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    type     TEXT NOT NULL,
    data     TEXT,
    text     TEXT,
    section  TEXT,
    label    TEXT NOT NULL,
    PRIMARY KEY (port_id, position)
) WITHOUT ROWID;
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(1,1,'rfc','rfc6335',NULL,NULL,'RFC6335');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(5,1,'rfc','rfc7360',NULL,NULL,'RFC7360');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(8,1,'rfc','rfc4727',NULL,NULL,'RFC4727');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(8,2,'note','1',NULL,NULL,'1');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(8,3,'text',NULL,'ISO/IEC 13818-6 MPEG-2 DSM-CC',NULL,'ISO/IEC 13818-6 MPEG-2 DSM-CC');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(8,4,'uri','https://example.org/spec','Spec, Section 2',NULL,'Spec, Section 2');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(8,5,'draft','draft-example-port-01',NULL,NULL,'draft-example-port-01');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(15,1,'rfc','rfc7360',NULL,NULL,'RFC7360');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(16,1,'rfc','rfc4727',NULL,NULL,'RFC4727');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(16,2,'note','1',NULL,NULL,'1');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(16,3,'text',NULL,'ISO/IEC 13818-6 MPEG-2 DSM-CC',NULL,'ISO/IEC 13818-6 MPEG-2 DSM-CC');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(16,4,'text',NULL,'Spec, Section 2',NULL,'Spec, Section 2');
INSERT INTO "port_references" ("port_id","position","type","data","text","section","label") VALUES(16,5,'draft','draft-example-port-01',NULL,NULL,'draft-example-port-01');
CREATE TABLE port_extras (
    port_id  INTEGER NOT NULL REFERENCES ports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (port_id, position)
) WITHOUT ROWID;
CREATE TABLE aliases (
    historic    TEXT NOT NULL REFERENCES services (name),
    well_formed TEXT NOT NULL REFERENCES services (name),
    PRIMARY KEY (historic, well_formed)
) WITHOUT ROWID;
INSERT INTO "aliases" ("historic","well_formed") VALUES('whois++','whoispp');
CREATE INDEX snapshots_registry_date ON snapshots (registry_date);
CREATE INDEX ports_service ON ports (service_id);
CREATE INDEX ports_port ON ports (port_low, port_high);
CREATE INDEX snapshot_ports_port ON snapshot_ports (port_id);
CREATE INDEX snapshot_contacts_contact ON snapshot_contacts (contact_id);
CREATE INDEX port_contacts_contact ON port_contacts (contact_id);
CREATE INDEX port_references_data ON port_references (type, data);
CREATE INDEX aliases_well_formed ON aliases (well_formed);
CREATE VIEW port_roles AS
SELECT port_id, role, position, contact_id, 0 AS implied
FROM port_contacts
UNION ALL
SELECT pc.port_id, 'assignee', pc.position, pc.contact_id, 1
FROM port_contacts pc
JOIN ports p ON p.id = pc.port_id
WHERE p.assignee_implied AND pc.role = 'contact';
CREATE VIEW snapshots_by_recency AS
SELECT row_number() OVER (
           ORDER BY registry_date DESC, kind = 'complete' DESC, format = 'xml' DESC, id DESC
       ) AS recency,
       *
FROM snapshots;
CREATE VIEW snapshot_registry AS
SELECT sp.snapshot_id,
       sp.position,
       s.name AS service_name,
       CASE
           WHEN p.port_low IS NULL THEN NULL
           WHEN p.port_low = p.port_high AND NOT p.port_range THEN CAST(p.port_low AS TEXT)
           ELSE p.port_low || '-' || p.port_high
       END AS port_number,
       p.port_low,
       p.port_high,
       p.protocol AS transport_protocol,
       p.description,
       (SELECT group_concat('[' || contact_id || ']', '')
        FROM (SELECT contact_id FROM port_contacts
              WHERE port_id = p.id
                AND role = CASE WHEN p.assignee_implied THEN 'contact' ELSE 'assignee' END
              ORDER BY position)) AS assignee,
       (SELECT group_concat('[' || contact_id || ']', '')
        FROM (SELECT contact_id FROM port_contacts
              WHERE port_id = p.id AND role = 'contact' ORDER BY position)) AS contact,
       p.registration_date,
       p.modification_date,
       (SELECT group_concat('[' || label || ']', '')
        FROM (SELECT label FROM port_references
              WHERE port_id = p.id ORDER BY position)) AS reference,
       p.service_code,
       p.unauthorized_use AS unauthorized_use_reported,
       p.assignment_notes,
       p.id AS port_id
FROM snapshot_ports sp
JOIN ports p ON p.id = sp.port_id
LEFT JOIN services s ON s.id = p.service_id;
CREATE VIEW registry AS
SELECT position, service_name, port_number, port_low, port_high, transport_protocol,
       description, assignee, contact, registration_date, modification_date,
       reference, service_code, unauthorized_use_reported, assignment_notes,
       port_id -- joins with port_roles, port_contacts, port_references, ports
FROM snapshot_registry
WHERE snapshot_id = (SELECT id FROM snapshots_by_recency WHERE recency = 1)
ORDER BY position;
COMMIT;
