/** The command line's --help text: every flag and form (a docs test compares docs/cli.md's flag table with it). */
export const USAGE = `usage: manifest-fanin [create] [flags] TARGET SOURCE...
       manifest-fanin [create] --tags REF[,REF…] --sources REF[,REF…] [flags]
       manifest-fanin [create] -t REF [-t REF…] [flags] SOURCE...   (buildx imagetools create's form)
       manifest-fanin --spec FILE [flags]              (manifest-tool push from-spec FILE)
       manifest-fanin push from-args --platforms P[,P…] --template SRC --target REF [--tags TAG[,TAG…]]
       manifest-fanin inspect [-v | --raw] [--insecure] [--format json|text] REF
       manifest-fanin --version

create (the default command):
  --tags REF            target registry/repository:tag (repeat or comma-separate)
  -t, --tag REF         a target, as buildx imagetools create: every reference given is then a source
  --sources REF         source image by tag or digest, or oci-layout://PATH[:TAG][@DIGEST] (repeat or comma-separate)
  --sources-from PATH   files of sources, one per line (a path or glob; repeat for several)
  --annotations LINE    an annotations line (repeat for several; also --annotation)
  --platforms P         the platforms the list must hold, os/arch[/variant]
  --attestations A      keep | drop (default keep)
  --referrers           also copy what refers to each child
  --format F            auto | docker | oci (default auto)
  --insecure            allow plain HTTP and unverified TLS
  -a, --amend           start from the list the first tag holds (also --append)
  -p, --purge           remove the source tags afterwards
  --push=false          dry run (also --push false, --dry-run)
  --spec FILE           a manifest-tool spec file (image, tags, manifests)
  --template SRC        push from-args: a source with OS, ARCH, VARIANT placeholders
  --target REF          push from-args: the target
  --json                print all outputs as JSON (digest, ref, refs, …) instead of the digest
  --debug               log every request
  --username U          with --password-stdin: credentials for the first target's registry
  --password-stdin      read the password for --username from stdin (as docker login)
  --registry-auth FILE  credentials for several registries (docker/login-action's YAML list)
push from-spec / from-args also take manifest-tool's flags:
  --type T              docker | oci: the format (manifest-tool's default is docker, ours auto)
  --ignore-missing      skip a source (a template platform, a spec entry) whose image is missing
  --plain-http          as --insecure
  --docker-cfg DIR      the docker config directory (as DOCKER_CONFIG=DIR)
  --username U, --password P   credentials for the target's registry
inspect:
  -v, --verbose         one object per entry with its manifest, as docker manifest inspect -v
  --raw                 the stored bytes, exactly (the default)
  --format text         a readable view: media type, digest, size, platform, layers
  -h, --help            this text
  --version             the version of manifest-fanin
Credentials come from $DOCKER_CONFIG/config.json or ~/.docker/config.json (docker login).
Exit status: 0 done, 1 failed, 2 usage error.`;
