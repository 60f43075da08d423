module.exports = require("@turnout/config/eslint")(__dirname);
