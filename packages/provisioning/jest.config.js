module.exports = require("@turnout/config/jest");
