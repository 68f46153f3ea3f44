"""The robot's body: serial protocol, head and display, and a simulator."""
