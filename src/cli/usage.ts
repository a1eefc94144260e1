/** `vhd-gate --help`. */
export const usage = `vhd-gate: check a Linux VM disk image against the Azure image definition it will be registered with.

Usage:
  vhd-gate check IMAGE [--os-state generalized|specialized] [--hyper-v-generation V1|V2]
                       [--image-definition FILE] [--architecture x64|Arm64]
                       [--security-type TYPE] [--disk-controller-types SCSI,NVMe]
                       [--accelerated-networking true|false] [--format text|json|sarif] [--output FILE]
                       [--fail-on error|warning] [--config FILE] [--quiet] [--docs-url URL]
                       [BLOB OPTIONS]
  vhd-gate inspect IMAGE [--format text|json] [BLOB OPTIONS]
  vhd-gate list CONTAINER-URL [--prefix P] [--page-size N] [LIST OPTIONS] [BLOB OPTIONS]
  vhd-gate list --image-versions FILE|- [LIST OPTIONS]
  vhd-gate merge-reports REPORT.json... [--format text|markdown|json]

IMAGE is a local file or an Azure blob URL (https://ACCOUNT.blob.core.windows.net/CONTAINER/BLOB,
with or without a SAS query), read with ranged requests, never downloaded whole.
  vhd-gate --help | --version

check options:
  --os-state S            the definition's OS state (generalized or specialized)
  --hyper-v-generation G  the definition's Hyper-V generation (V1 or V2)
  --image-definition F    JSON from \`az sig image-definition show\`, or an ARM template with a
                          Microsoft.Compute/galleries/images resource; flags must agree with it
  --architecture A        the definition's architecture: x64 or Arm64
  --security-type T       the definition's SecurityType feature: Standard, TrustedLaunch,
                          TrustedLaunchSupported, TrustedLaunchAndConfidentialVmSupported,
                          ConfidentialVM or ConfidentialVMSupported
  --disk-controller-types L  the DiskControllerTypes feature: SCSI, NVMe or SCSI,NVMe
  --accelerated-networking B the IsAcceleratedNetworkSupported feature: true or false
                          (values are case-insensitive; a rule that needs a setting nobody
                          declared is listed as not run, with the flag that would enable it)
  --format F              report format on stdout, or in --output: text (default), json, or
                          sarif (SARIF 2.1.0 for code scanning; paths relative to the current dir)
  --output FILE           write the report (in --format) to FILE; a text summary still goes to stdout
  --fail-on SEVERITY      lowest severity that fails the check: error (default) or warning
  --config FILE           policy file with waivers and severity overrides (default:
                          .vhd-gate.yml in the working directory, when it exists)
  -q, --quiet             print only the verdict line (and errors on stderr); JSON and
                          --output files stay complete
  --docs-url URL          where findings link their rule's page: URL/ID.md, or URL with {id}
                          (default: VHD_GATE_DOCS_URL, else the project's docs/rules on GitHub)

blob options (a blob URL is authenticated by the SAS in the URL, else the connection string,
else DefaultAzureCredential: environment, workload or managed identity, Azure CLI login):
  --connection-string S   storage connection string (default: AZURE_STORAGE_CONNECTION_STRING);
                          prefer the variable: arguments are visible to other processes
  --blob-endpoint URL     blob endpoint to use instead of the URL's account host (Azurite:
                          http://127.0.0.1:10000/devstoreaccount1; sovereign clouds)

list (fleet audit: prints a CI matrix, one line of JSON, on stdout; what it skipped on stderr):
  CONTAINER-URL           every page blob under https://ACCOUNT.blob.core.windows.net/CONTAINER[/PATH]
                          (block and append blobs are skipped and named); matrix URLs carry no SAS
  --prefix P              only blob names starting with P
  --page-size N           blobs per List Blobs request (1-5000, default 5000)
  --image-versions FILE   the JSON \`az sig image-version list\` prints (- reads stdin): each version's
                          storageProfile.osDiskImage.source.uri
list options:
  --image-definition F    \`az sig image-definition show\` JSON: osState and hyperVGeneration for every image
  --os-state S, --hyper-v-generation G   the same, given directly (must agree with the definition)
  --matrix KIND           github (default: {"include":[{"image":...,"os-state":...,...}]}) or
                          azure-pipelines (a strategy.matrix object: one leg per image)

merge-reports: the JSON reports of many checks (check --format json) as one table, worst first;
  --format text (default), markdown (for $GITHUB_STEP_SUMMARY) or json. Exit 0 when every image
  passed, 1 when any failed or was not judged (an unreadable report counts).

Exit codes: 0 pass, 1 findings at or above --fail-on that are not waived, 2 the image could
not be inspected (or the command line or the policy file was wrong). The text report is
coloured on a terminal only; NO_COLOR turns colour off, FORCE_COLOR on. Under Azure
Pipelines (TF_BUILD=True) the findings are
also printed as ##vso logging commands. VHD_GATE_DEBUG=1 prints stack traces.
A blob read that takes longer than a second shows its progress (bytes, requests) on stderr,
redrawn in place on a terminal, a line every 5 s otherwise; never on stdout.
`;
