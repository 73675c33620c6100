#!/bin/sh
# A stand-in `terraform` for the fresh-plan benchmark that answers at once: a plan that creates one resource.
for arg in "$@"; do
  case "$arg" in
    -chdir=*) cd "${arg#-chdir=}" || exit 1 ;;
  esac
done
subcommand=""
for arg in "$@"; do
  case "$arg" in
    -*) ;;
    *) subcommand="$arg"; break ;;
  esac
done
case "$subcommand" in
  version) echo "Terraform v1.11.4" ;;
  init) echo "Terraform has been successfully initialized!" ;;
  plan)
    for arg in "$@"; do
      case "$arg" in
        -out=*) echo "stand-in plan" > "${arg#-out=}" ;;
      esac
    done
    echo "Plan: 1 to add, 0 to change, 0 to destroy."
    exit 2 ;;
  show)
    case " $* " in
      *" -json "*) echo '{"format_version":"1.2","resource_changes":[{"address":"terraform_data.web","mode":"managed","type":"terraform_data","name":"web","change":{"actions":["create"],"before":null,"after":{"input":"v1"}}}]}' ;;
      *) echo "  # terraform_data.web will be created" ;;
    esac ;;
esac
exit 0
