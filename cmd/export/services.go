package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/export"
)

// exportServices writes a snapshot's registry (the newest, or the one
// -snapshot picks) as /etc/services: see export.WriteServices for the
// rules. -protocols keeps only the protocols it lists, -max-name only the
// names (and aliases) that fit.
func exportServices(ctx context.Context, d *db.DB, o options, w io.Writer) error {
	protocols, err := parseProtocols(o.protocols)
	if err != nil {
		return err
	}
	s, err := d.FindSnapshot(ctx, o.snapshot)
	if err != nil {
		return err
	}
	aliases, err := d.SnapshotAliases(ctx, s.ID)
	if err != nil {
		return err
	}
	var records []export.ServiceRecord
	err = d.ServiceRecords(ctx, s.ID, func(r db.ServiceRecord) error {
		records = append(records, export.ServiceRecord{
			Name: r.Name, Port: r.Port, Protocol: r.Protocol, Description: r.Description,
		})
		return nil
	})
	if err != nil {
		return err
	}
	_, err = export.WriteServices(w, records, export.ServicesOptions{
		RegistryDate: s.Date,
		Source:       s.Source,
		Format:       s.Format,
		Kind:         s.Kind,
		Aliases:      aliases,
		Protocols:    protocols,
		MaxName:      o.maxName,
	})
	return err
}

// parseProtocols reads -protocols: a comma-separated list of tcp, udp,
// sctp and dccp, in any case; empty means all.
func parseProtocols(list string) ([]string, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	var out []string
	for _, p := range strings.Split(list, ",") {
		p = strings.ToLower(strings.TrimSpace(p))
		if !slices.Contains(export.ServiceProtocols, p) {
			return nil, fmt.Errorf("-protocols %q: %q is not a protocol; want a list of %s", list, p, strings.Join(export.ServiceProtocols, ", "))
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}
