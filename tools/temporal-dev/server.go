package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

const (
	clusterName = "active"
	storeName   = "sqlite"
)

// newServer prepares the SQLite database (schema and namespaces) and builds the server.
func newServer(opts *options) (temporal.Server, error) {
	sql, err := prepareDatabase(opts)
	if err != nil {
		return nil, err
	}
	services := map[primitives.ServiceName]config.Service{}
	hosts := map[primitives.ServiceName]static.Hosts{}
	for _, name := range []primitives.ServiceName{primitives.FrontendService,
		primitives.HistoryService, primitives.MatchingService, primitives.WorkerService} {
		var svc config.Service
		svc.RPC.BindOnIP = opts.ip
		if name == primitives.FrontendService {
			svc.RPC.GRPCPort = opts.port
			svc.RPC.HTTPPort = opts.httpPort
		} else if svc.RPC.GRPCPort, err = freePort(opts.ip); err != nil {
			return nil, err
		}
		services[name] = svc
		hosts[name] = static.SingleLocalHost(hostPort(opts.ip, svc.RPC.GRPCPort))
	}

	cfg := &config.Config{}
	cfg.Global.Membership.MaxJoinDuration = 30 * time.Second
	cfg.Global.Membership.BroadcastAddress = opts.ip
	cfg.Persistence.DefaultStore = storeName
	cfg.Persistence.VisibilityStore = storeName
	cfg.Persistence.NumHistoryShards = 1
	cfg.Persistence.DataStores = map[string]config.DataStore{storeName: {SQL: sql}}
	cfg.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{clusterName: {
			Enabled:                true,
			InitialFailoverVersion: 1,
			RPCAddress:             opts.frontendAddress(),
			HTTPAddress:            hostPort(opts.ip, opts.httpPort),
			// No ClusterID: the server generates one on a new database and keeps it.
		}},
	}
	cfg.DCRedirectionPolicy.Policy = "noop"
	cfg.Services = map[string]config.Service{}
	for name, svc := range services {
		cfg.Services[string(name)] = svc
	}
	cfg.Archival.History.State = "disabled"
	cfg.Archival.Visibility.State = "disabled"
	cfg.NamespaceDefaults.Archival.History.State = "disabled"
	cfg.NamespaceDefaults.Archival.Visibility.State = "disabled"
	cfg.PublicClient.HostPort = opts.frontendAddress()

	logger := log.NewZapLogger(log.BuildZapLogger(log.Config{Level: opts.logLevel,
		Format: "console"}))
	return temporal.NewServer(
		temporal.WithConfig(cfg),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(logger),
		temporal.WithDynamicConfigClient(dynamicConfig()),
	)
}

// dynamicConfig holds the settings a single-user dev server wants that differ from the
// defaults of a production cluster.
func dynamicConfig() dynamicconfig.StaticClient {
	return dynamicconfig.StaticClient{
		// The Web UI and `ssmflow list` poll visibility; the default is sized for a cluster.
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
		// A search attribute added at run time is usable at once, not after a cache refresh.
		dynamicconfig.ForceSearchAttributesCacheRefreshOnRead.Key(): true,
	}
}

// prepareDatabase returns the SQLite settings; a new file gets the schema, and every
// requested namespace that is missing is created with the requested search attributes.
func prepareDatabase(opts *options) (*config.SQL, error) {
	sql := &config.SQL{PluginName: sqliteplugin.PluginName}
	if opts.dbFile == "" {
		// One in-memory database per process, shared by the server's connections.
		sql.DatabaseName = "temporal-dev-" + strconv.Itoa(os.Getpid())
		sql.ConnectAttributes = map[string]string{"mode": "memory", "cache": "shared"}
	} else {
		sql.DatabaseName = opts.dbFile
		sql.ConnectAttributes = map[string]string{"mode": "rwc"}
		if !fileExists(opts.dbFile) {
			if err := sqliteschema.SetupSchema(sql); err != nil {
				_ = os.Remove(opts.dbFile)
				return nil, fmt.Errorf("cannot create the schema in %s: %w", opts.dbFile, err)
			}
		}
	}
	var namespaces []*sqliteschema.NamespaceConfig
	for _, name := range opts.namespaces {
		ns, err := sqliteschema.NewNamespaceConfig(clusterName, name, false,
			opts.searchAttributes)
		if err != nil {
			return nil, fmt.Errorf("namespace %s: %w", name, err)
		}
		namespaces = append(namespaces, ns)
	}
	if err := sqliteschema.CreateNamespaces(sql, namespaces...); err != nil {
		return nil, fmt.Errorf("cannot create the namespaces: %w", err)
	}
	return sql, nil
}
