#!/usr/bin/env bash
# Install the robot as a systemd service on the robot itself (run as root, from the repo):
#   sudo bash scripts/install-service.sh
# Creates the `robot` user (audio, dialout), installs the code in /opt/robot, the models in
# /var/lib/robot/models, the configuration in /etc/robot/config.yaml (kept if present),
# the voice-loop unit and the USB sync rule, then starts the service.
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "run as root (sudo)" >&2; exit 1; }
SRC=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=/opt/robot
DATA=/var/lib/robot

id robot >/dev/null 2>&1 || useradd --system --home-dir "$DATA" --shell /usr/sbin/nologin robot
usermod -aG audio,dialout robot

mkdir -p "$PREFIX" "$DATA" /etc/robot
# Copy the code (not the developer's venv or data) and install it in place.
tar -C "$SRC" --exclude=.venv --exclude=.git --exclude=data -cf - . | tar -C "$PREFIX" -xf -
ROBOT_DATA_DIR="$DATA" bash "$PREFIX/scripts/install.sh"
chown -R robot:robot "$DATA"

[ -f /etc/robot/config.yaml ] || install -m 0640 -g robot "$PREFIX/config.example.yaml" /etc/robot/config.yaml
sudo -u robot "$PREFIX/.venv/bin/robot" --config /etc/robot/config.yaml --data-dir "$DATA" config check

install -m 0644 "$PREFIX"/systemd/robot.service /etc/systemd/system/robot.service
if [ -f "$PREFIX/systemd/robot-usb@.service" ]; then
    install -m 0644 "$PREFIX/systemd/robot-usb@.service" /etc/systemd/system/
    install -m 0644 "$PREFIX/systemd/99-robot-usb.rules" /etc/udev/rules.d/
    [ -f "$PREFIX/systemd/robot-usb-mount" ] && install -m 0755 "$PREFIX/systemd/robot-usb-mount" /usr/local/sbin/
    udevadm control --reload-rules
fi
systemctl daemon-reload
systemctl enable --now robot.service
echo "installed: systemctl status robot; journalctl -u robot -f; robot status"
