"""CP Helpdesk: the remote support service of the Child Protection Area of Responsibility."""
