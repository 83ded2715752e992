// Command temporal-dev runs a complete Temporal server (frontend, history, matching and worker
// services in one process) on SQLite, with the Temporal Web UI beside it, for `ssmflow dev` and
// for the tests that need what the Java test server lacks: schedules, visibility queries,
// persistence across restarts and the Web UI. See tools/temporal-dev/README.md and
// docs/web-ui.md.
//
// Its flags use the names of `temporal server start-dev`, so ssmflow starts either the same
// way. It binds loopback by default: the frontend has no authentication.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// version names the Temporal server and UI modules this binary was built from.
func version() string {
	server, ui := "?", "?"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			switch dep.Path {
			case "go.temporal.io/server":
				server = dep.Version
			case "github.com/temporalio/ui-server/v2":
				ui = dep.Version
			}
		}
	}
	return "(server " + server + ", ui-server " + ui + ")"
}

// exitBadInput is the exit code for bad flags, as in the ssmflow CLI.
const exitBadInput = 2

func main() {
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "temporal-dev: "+err.Error())
		os.Exit(exitBadInput)
	}
	if err := run(opts); err != nil {
		fmt.Fprintln(os.Stderr, "temporal-dev: "+err.Error())
		os.Exit(1)
	}
}

func run(opts *options) error {
	// Fail on a taken port before the server's own start would log and exit less clearly.
	for _, p := range opts.listenPorts() {
		if err := checkFree(opts.ip, p); err != nil {
			return err
		}
	}
	existing := opts.dbFile != "" && fileExists(opts.dbFile)
	srv, err := newServer(opts)
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return fmt.Errorf("cannot start the Temporal server: %w", err)
	}
	defer func() { _ = srv.Stop() }()

	// A database made by an earlier run keeps the namespaces and search attributes it was made
	// with; register what this run asks for and it lacks, through the operator API.
	if existing {
		if err := ensureSearchAttributes(opts); err != nil {
			return err
		}
	}

	var ui *uiServer
	if !opts.headless {
		ui, err = startUI(opts)
		if err != nil {
			return err
		}
		defer ui.Stop()
	}

	store := "in memory"
	if opts.dbFile != "" {
		store = "SQLite " + opts.dbFile
	}
	line := fmt.Sprintf("temporal-dev %s: Temporal at %s (namespaces %s; %s)",
		version(), opts.frontendAddress(), strings.Join(opts.namespaces, ", "), store)
	if ui != nil {
		line += "; Web UI at " + opts.uiURL()
	}
	fmt.Println(line)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	select {
	case s := <-stop:
		fmt.Printf("temporal-dev: %s, stopping\n", s)
	case <-stdinClosed(opts.exitOnStdinEOF):
		fmt.Println("temporal-dev: standard input closed, stopping")
	case err := <-uiFailed(ui):
		return fmt.Errorf("the Web UI stopped: %w", err)
	}
	return nil
}

// stdinClosed is closed once standard input reaches its end (nil channel: never).
func stdinClosed(watch bool) <-chan struct{} {
	if !watch {
		return nil
	}
	closed := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(closed)
	}()
	return closed
}

func uiFailed(ui *uiServer) <-chan error {
	if ui == nil {
		return nil
	}
	return ui.failed
}

// ensureSearchAttributes adds each requested search attribute that a namespace lacks.
func ensureSearchAttributes(opts *options) error {
	if len(opts.searchAttributes) == 0 {
		return nil
	}
	conn, err := grpc.NewClient(opts.frontendAddress(),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	operator := operatorservice.NewOperatorServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, ns := range opts.namespaces {
		have, err := operator.ListSearchAttributes(ctx,
			&operatorservice.ListSearchAttributesRequest{Namespace: ns})
		if err != nil {
			return fmt.Errorf("cannot list the search attributes of namespace %s: %w", ns, err)
		}
		missing := map[string]enumspb.IndexedValueType{}
		for name, typ := range opts.searchAttributes {
			current, ok := have.GetCustomAttributes()[name]
			if !ok {
				missing[name] = typ
			} else if current != typ {
				return fmt.Errorf("search attribute %s of namespace %s is a %s in %s, not a %s",
					name, ns, typeName(current), opts.dbFile, typeName(typ))
			}
		}
		if len(missing) == 0 {
			continue
		}
		if _, err := operator.AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
			Namespace: ns, SearchAttributes: missing}); err != nil {
			return fmt.Errorf("cannot add search attributes to namespace %s: %w", ns, err)
		}
	}
	return nil
}

type options struct {
	ip               string
	port             int
	httpPort         int
	uiIP             string
	uiPort           int
	headless         bool
	namespaces       []string
	dbFile           string
	searchAttributes map[string]enumspb.IndexedValueType
	codecEndpoint    string
	logLevel         string
	exitOnStdinEOF   bool
}

func (o *options) frontendAddress() string { return hostPort(o.ip, o.port) }

func (o *options) uiURL() string { return "http://" + hostPort(o.uiIP, o.uiPort) }

func (o *options) listenPorts() []int {
	ports := []int{o.port, o.httpPort}
	if !o.headless {
		ports = append(ports, o.uiPort)
	}
	return ports
}

func hostPort(ip string, port int) string {
	return net.JoinHostPort(ip, strconv.Itoa(port))
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func parseFlags(args []string, usageOut io.Writer) (*options, error) {
	fs := flag.NewFlagSet("temporal-dev", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var o options
	var namespaces, attributes listFlag
	fs.StringVar(&o.ip, "ip", "127.0.0.1", "address the frontend binds to")
	fs.IntVar(&o.port, "port", 7233, "frontend gRPC port")
	fs.IntVar(&o.httpPort, "http-port", 0, "frontend HTTP API port (default: a free port)")
	fs.StringVar(&o.uiIP, "ui-ip", "", "address the Web UI binds to (default: --ip)")
	fs.IntVar(&o.uiPort, "ui-port", 0, "Web UI port (default: --port + 1000)")
	fs.BoolVar(&o.headless, "headless", false, "no Web UI")
	fs.Var(&namespaces, "namespace", "namespace to create, repeatable (default: default)")
	fs.Var(&namespaces, "n", "short for --namespace")
	fs.StringVar(&o.dbFile, "db-filename", "", "SQLite file that keeps the state across restarts"+
		" (default: in memory)")
	fs.StringVar(&o.dbFile, "f", "", "short for --db-filename")
	fs.Var(&attributes, "search-attribute", "NAME=TYPE to register on every namespace,"+
		" repeatable; TYPE: Keyword, Text, Int, Double, Bool, Datetime, KeywordList")
	fs.StringVar(&o.codecEndpoint, "ui-codec-endpoint", "", "codec server the Web UI decodes"+
		" payloads with, e.g. http://127.0.0.1:8081")
	fs.StringVar(&o.logLevel, "log-level", "warn", "server log level: debug, info, warn, error")
	fs.BoolVar(&o.exitOnStdinEOF, "exit-on-stdin-eof", false, "stop when standard input"+
		" closes (a parent that dies without stopping this server closes it)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	// A bad flag is one line (main prints it); the usage only for -h / --help.
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(usageOut, "Usage: temporal-dev [flags]\n\nA Temporal server with"+
				" SQLite persistence and the Web UI, for development and tests.\n\nFlags:")
			fs.SetOutput(usageOut)
			fs.PrintDefaults()
		}
		return nil, err
	}
	if *showVersion {
		fmt.Println("temporal-dev " + version())
		return nil, flag.ErrHelp
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if net.ParseIP(o.ip) == nil {
		return nil, fmt.Errorf("--ip %q is not an IP address", o.ip)
	}
	if o.uiIP == "" {
		o.uiIP = o.ip
	} else if net.ParseIP(o.uiIP) == nil {
		return nil, fmt.Errorf("--ui-ip %q is not an IP address", o.uiIP)
	}
	if err := checkPort("--port", o.port, false); err != nil {
		return nil, err
	}
	if o.uiPort == 0 {
		o.uiPort = o.port + 1000
	}
	if err := checkPort("--ui-port", o.uiPort, false); err != nil {
		return nil, err
	}
	if err := checkPort("--http-port", o.httpPort, true); err != nil {
		return nil, err
	}
	if o.uiPort == o.port && !o.headless {
		return nil, errors.New("--port and --ui-port must differ")
	}
	if len(namespaces) == 0 {
		namespaces = listFlag{"default"}
	}
	for _, ns := range namespaces {
		if ns == "" || strings.ContainsAny(ns, " \t/") {
			return nil, fmt.Errorf("--namespace %q is not a namespace name", ns)
		}
	}
	o.namespaces = namespaces
	var err error
	if o.searchAttributes, err = parseSearchAttributes(attributes); err != nil {
		return nil, err
	}
	if o.dbFile != "" {
		if o.dbFile, err = filepath.Abs(o.dbFile); err != nil {
			return nil, err
		}
		if st, err := os.Stat(filepath.Dir(o.dbFile)); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("--db-filename %s: directory %s does not exist", o.dbFile,
				filepath.Dir(o.dbFile))
		}
	}
	if o.codecEndpoint != "" && !strings.HasPrefix(o.codecEndpoint, "http://") &&
		!strings.HasPrefix(o.codecEndpoint, "https://") {
		return nil, fmt.Errorf("--ui-codec-endpoint %q is not an http(s) URL", o.codecEndpoint)
	}
	switch o.logLevel {
	case "debug", "info", "warn", "error":
	default:
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", o.logLevel)
	}
	if o.httpPort == 0 {
		if o.httpPort, err = freePort(o.ip); err != nil {
			return nil, err
		}
	}
	return &o, nil
}

func checkPort(flagName string, port int, zeroAllowed bool) error {
	if (port == 0 && !zeroAllowed) || port < 0 || port > 65535 {
		return fmt.Errorf("%s must be between 1 and 65535, not %d", flagName, port)
	}
	return nil
}

var searchAttributeTypes = map[string]enumspb.IndexedValueType{
	"keyword":     enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	"text":        enumspb.INDEXED_VALUE_TYPE_TEXT,
	"int":         enumspb.INDEXED_VALUE_TYPE_INT,
	"double":      enumspb.INDEXED_VALUE_TYPE_DOUBLE,
	"bool":        enumspb.INDEXED_VALUE_TYPE_BOOL,
	"datetime":    enumspb.INDEXED_VALUE_TYPE_DATETIME,
	"keywordlist": enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST,
}

func parseSearchAttributes(specs []string) (map[string]enumspb.IndexedValueType, error) {
	result := map[string]enumspb.IndexedValueType{}
	for _, spec := range specs {
		name, typ, ok := strings.Cut(spec, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("--search-attribute %q: use NAME=TYPE, e.g. SsmflowApp=Keyword",
				spec)
		}
		t, known := searchAttributeTypes[strings.ToLower(typ)]
		if !known {
			return nil, fmt.Errorf("--search-attribute %q: unknown type %q", spec, typ)
		}
		result[name] = t
	}
	return result, nil
}

func typeName(t enumspb.IndexedValueType) string {
	for name, v := range searchAttributeTypes {
		if v == t {
			return name
		}
	}
	return t.String()
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func checkFree(ip string, port int) error {
	l, err := net.Listen("tcp", hostPort(ip, port))
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", hostPort(ip, port), err)
	}
	return l.Close()
}

// freePort asks the kernel for a port that is free now (used for internal services).
func freePort(ip string) (int, error) {
	l, err := net.Listen("tcp", hostPort(ip, 0))
	if err != nil {
		return 0, err
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}
