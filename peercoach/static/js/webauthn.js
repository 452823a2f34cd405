// Security keys and passkeys (WebAuthn): hands the server's options to the browser and posts the
// browser's answer back in the form's hidden "credential" field. A static file, for the content
// security policy. The options are in <script type="application/json" id="webauthn-options">;
// the button that starts it has data-webauthn="create" or data-webauthn="get".
(function () {
  'use strict'

  function toBytes (text) {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
    const padded = base64 + '==='.slice((base64.length + 3) % 4)
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0) })
  }

  function toText (buffer) {
    let binary = ''
    new Uint8Array(buffer).forEach(function (b) { binary += String.fromCharCode(b) })
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  }

  function withBytes (credentials) {
    return (credentials || []).map(function (c) {
      return Object.assign({}, c, { id: toBytes(c.id) })
    })
  }

  function creationOptions (options) {
    const key = Object.assign({}, options.publicKey)
    key.challenge = toBytes(key.challenge)
    key.user = Object.assign({}, key.user, { id: toBytes(key.user.id) })
    key.excludeCredentials = withBytes(key.excludeCredentials)
    return { publicKey: key }
  }

  function requestOptions (options) {
    const key = Object.assign({}, options.publicKey)
    key.challenge = toBytes(key.challenge)
    key.allowCredentials = withBytes(key.allowCredentials)
    return { publicKey: key }
  }

  function answer (credential) {
    const r = credential.response
    const response = { clientDataJSON: toText(r.clientDataJSON) }
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject)
      if (r.getTransports) { response.transports = r.getTransports() }
    } else {
      response.authenticatorData = toText(r.authenticatorData)
      response.signature = toText(r.signature)
      if (r.userHandle) { response.userHandle = toText(r.userHandle) }
    }
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      response: response,
      clientExtensionResults: credential.getClientExtensionResults()
    }
  }

  function start (button) {
    const form = button.form
    const field = form.querySelector('input[name="credential"]')
    const failed = document.getElementById('webauthn-failed')
    const options = JSON.parse(document.getElementById('webauthn-options').textContent)
    button.addEventListener('click', async function (event) {
      event.preventDefault()
      if (!form.reportValidity()) { return }
      try {
        const credential = button.dataset.webauthn === 'create'
          ? await navigator.credentials.create(creationOptions(options))
          : await navigator.credentials.get(requestOptions(options))
        field.value = JSON.stringify(answer(credential))
        form.submit()
      } catch (error) {
        if (failed) { failed.hidden = false }
      }
    })
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.PublicKeyCredential) { return }
    document.querySelectorAll('[data-webauthn]').forEach(function (button) {
      button.hidden = false
      start(button)
    })
    document.querySelectorAll('[data-webauthn-missing]').forEach(function (note) {
      note.hidden = true
    })
  })
})()
