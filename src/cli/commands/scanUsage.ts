// `regx scan`'s usage and help lines: apart from scan.ts, which loads only when the command runs (it pulls in the
// scanners' child processes; start-up stays free of node:child_process, test/integration/cli/cli-launcher.test.ts).
export const SCAN_USAGE = 'scan --diff REF_A REF_B [--format table|json] [--fail-on SEVERITY] | scan REFERENCE [--scanner trivy|harbor] [--severity HIGH,CRITICAL] [--ignore-unfixed] [--exit-code N] [--format table|json|sarif] [--output FILE] [--ignorefile FILE]';
export const SCAN_HELP = `  scan      scan an image with a local Trivy (registry credentials in its environment; REGX_TRIVY_PATH
            names the program) or Harbor's scanner (--scanner harbor). Findings listed in .trivyignore
            (--ignorefile FILE) or Harbor's CVE allowlist are marked ignored. Exits N (--exit-code N) when
            findings at --severity remain, e.g. the CI gate --exit-code 1 --severity HIGH,CRITICAL.
            --diff REF_A REF_B compares two scans (images scanned by Trivy, or report files): new, fixed,
            changed and unchanged findings; --fail-on SEVERITY exits 1 on new findings at it or worse`;
